package cn.zongzhi.mediation;

/**
 * The fields of a mediation case that may be corrected after registration, by the owning office or on another
 * office's proposal (decision 0017). What an agreement binds (outcome, amounts agreed, terms, performance) is not
 * among them. The wire names are the case snapshot's keys, which the city server checks proposals against.
 */
public enum ProposalField {
    DISPUTE_TYPE("disputeType"),
    SUMMARY("summary"),
    AMOUNT("amount"),
    RISK_LEVEL("riskLevel");

    /** The longest summary a correction may write. */
    public static final int SUMMARY_LIMIT = 4000;

    private final String wireName;

    ProposalField(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The field a proposal names on the wire; null when this console does not know it. */
    public static ProposalField ofWire(String name) {
        for (ProposalField field : values()) {
            if (field.wireName.equals(name)) {
                return field;
            }
        }
        return null;
    }
}
