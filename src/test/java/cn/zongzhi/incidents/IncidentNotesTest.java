package cn.zongzhi.incidents;

import cn.zongzhi.common.Messages;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The history's machine notes read in the operator's language and the office's zone; what is stored is unchanged. */
class IncidentNotesTest {
    private static final ZoneId GUANGZHOU = ZoneId.of("Asia/Shanghai");
    private final IncidentNotes zh = new IncidentNotes(Messages.forLanguage("zh"), GUANGZHOU);
    private final IncidentNotes en = new IncidentNotes(Messages.forLanguage("en"), GUANGZHOU);

    @Test
    void anExtensionRequestShowsItsDateInTheOfficesZone() {
        assertThat(zh.readable("requested_due=2026-12-10T09:30:00Z; need parts")).isEqualTo("申请延期至 2026-12-10 17:30：need parts");
        assertThat(en.readable("requested_due=2026-12-10T17:30:00Z; 等配件"))
                .as("past midnight in Guangzhou").isEqualTo("Extension requested to 2026-12-11 01:30: 等配件");
        assertThat(zh.readable("requested_due=2026-12-10T09:30:00Z; null")).isEqualTo("申请延期至 2026-12-10 17:30");
    }

    @Test
    void aMergeNamesTheOtherCaseInTheUsersLanguage() {
        assertThat(zh.readable("merged into BY2026000123")).isEqualTo("已合并到 BY2026000123");
        assertThat(zh.readable("merged from BY2026000124")).isEqualTo("重复事件 BY2026000124 已并入本件");
        assertThat(en.readable("merged into BY2026000123")).isEqualTo("Merged into BY2026000123");
    }

    @Test
    void otherNotesReadAsBefore() {
        assertThat(zh.readable(null)).isEmpty();
        assertThat(zh.readable("雨后井盖被冲走")).isEqualTo("雨后井盖被冲走");
        assertThat(zh.readable("requested_due=soon; typed by hand")).as("not ours: as written").isEqualTo("requested_due=soon; typed by hand");
        assertThat(zh.readable("channel=HOTLINE_12345")).isEqualTo(Messages.forLanguage("zh").text("incidents.channel.HOTLINE_12345"));
    }

    @Test
    void aPendingExtensionIsAmongTheFactsInLocalTime() {
        assertThat(zh.pendingExtension(detail(Instant.parse("2026-12-10T17:30:00Z")))).isEqualTo("\n申请延期至：2026-12-11 01:30（待审批）");
        assertThat(zh.pendingExtension(detail(null))).isEmpty();
    }

    private static IncidentDetail detail(Instant requestedDueAt) {
        return new IncidentDetail(UUID.randomUUID(), "BY2026000123", null, null, null, "井盖缺失", null, null, null, null, null,
                null, null, "HOTLINE_12345", "YELLOW", null, null, Instant.parse("2026-12-01T02:00:00Z"), null, requestedDueAt,
                null, null, List.of(), Set.of(), List.of(), 0L, false, null);
    }
}
