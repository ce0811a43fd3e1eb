package cn.zongzhi.mediation;

/**
 * Who may change a mediation case (decision 0017): the office that registered it. Another office's case came from
 * the city to be seen; a change made to it here would never reach the city.
 */
final class CaseOwnership {
    private CaseOwnership() {
    }

    static boolean isOwn(String ownerOffice, String office) {
        return ownerOffice == null || ownerOffice.equals(office);
    }

    /** Refuses, in words that name the owner, to change another office's case. */
    static void require(DisputeRepository.State state, String office) {
        if (!isOwn(state.ownerOffice(), office)) {
            throw new DisputeRefused("mediation.refused.notOwn", state.caseNo(), state.ownerOffice());
        }
    }
}
