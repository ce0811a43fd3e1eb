package cn.zongzhi.incidents;

import java.util.UUID;

/**
 * 重新报送: an incident the city refused to create (市级未接收, decision 0019) goes again, as it stands now, with the
 * next sync round. The sync feature does it; the composition root hands it to the incident service, so that the queue
 * offers it beside the correction it usually needs.
 */
@FunctionalInterface
public interface CityResubmission {
    /** @return false if the incident no longer stands refused (resubmitted already, voided, or the city has it) */
    boolean resubmit(UUID incidentId);
}
