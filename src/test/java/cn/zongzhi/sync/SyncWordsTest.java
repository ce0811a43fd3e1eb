package cn.zongzhi.sync;

import cn.zongzhi.common.Messages;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sync's codes in the operator's words: never the server's English sentence, a raw code or a class name on the
 * Chinese screen; and every code the server (or this console's transport) can give has words in both languages,
 * read from the sources so that a new code cannot slip through.
 */
class SyncWordsTest {
    private static final String ENGLISH = "a sentence in the server's English";
    /** A reason word: lower-case words joined by hyphens (a sentence has spaces). */
    private static final Pattern CODE = Pattern.compile("[a-z]+(?:-[a-z0-9]+)*");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
    /** Where a code is given: a refused mutation, a refused request, an outcome, an error body, a failed transfer. */
    private static final Pattern GIVEN = Pattern.compile(
            "Rejected\\(|SyncRefused\\(\\s*[^,]+,|OutcomeKind\\.REJECTED,|error\\(|Unavailable\\(\\s*[^,]+,|failed\\(");

    private final SyncWords zh = new SyncWords(Messages.forLanguage("zh"), ZoneId.of("Asia/Shanghai"));
    private final SyncWords en = new SyncWords(Messages.forLanguage("en"), ZoneId.of("Asia/Shanghai"));

    @Test
    void theReviewsExamplesReadInChinese() {
        assertThat(zh.error("http-502: the city server answered HTTP 502")).isEqualTo("市级服务器拒绝了请求（HTTP 502），稍后自动重试");
        assertThat(zh.error("batch-too-large: at most 500 mutations")).doesNotContain("at most").contains("记录过多");
        assertThat(zh.error("something-new: a newer server's word")).isEqualTo("同步未成功（市级服务器的代码：something-new），稍后自动重试");
        assertThat(zh.reason("not-assignee", "this task is for office CITY-440111 to answer"))
                .isEqualTo("这条调度任务应由其他单位答复，本单位的答复未被采用");
        assertThat(zh.reason("something-new", ENGLISH)).isEqualTo("市级服务器退回了这条记录（代码：something-new），请联系市级管理员");
        assertThat(zh.reason(null, ENGLISH)).doesNotContain(ENGLISH);
        assertThat(zh.sent("RESOLVE", null)).isEqualTo("答复调度任务");
        // A round-level code worded only as a refusal of a record, and the other way round.
        assertThat(zh.error("outside-jurisdiction: the incident is outside")).isEqualTo("事件所在区域不在本单位辖区内");
        assertThat(zh.reason("unauthenticated", ENGLISH)).startsWith("市级服务器不认可本机的凭据");
    }

    @Test
    void anEnrolmentRefusedForTheInstallationsIdentifierSaysWhatHappenedAndWhatToDoNotTheServersEnglish() {
        // The form used to show the server's own sentence: 未能注册：replicaId must be a UUID.
        assertThat(zh.enrollRefusal("bad-replica")).doesNotContain("UUID").doesNotContainPattern("[A-Za-z]")
                .contains("安装标识", "注册码没有用掉", "备份", "市级管理员");
        assertThat(en.enrollRefusal("bad-replica")).doesNotContain("UUID").contains("identifier", "was not used",
                "back up", "city administrator");
        assertThat(zh.enrollRefusal("something-new")).isEqualTo("市级服务器没有接受注册（代码：something-new），请把这句话告诉市级管理员");
        for (String code : List.of("unknown-code", "used-code", "expired-code", "bad-replica", "unreachable", "bad-url",
                "bad-answer", "already-enrolled")) {
            for (SyncWords words : List.of(zh, en)) {
                assertThat(words.enrollRefusal(code)).as("%s (%s)", code, words.messages().locale())
                        .isNotEqualTo(words.messages().text("sync.enroll.reason.unknown", code));
            }
        }
    }

    @Test
    void aClockMinutesOffTheCitysIsToldOnlyBeyondTheTolerance() {
        assertThat(zh.clockWarning(null)).isEmpty();
        assertThat(zh.clockWarning(java.time.Duration.ofSeconds(150))).as("a trip and a little drift").isEmpty();
        assertThat(zh.clockWarning(java.time.Duration.ofMinutes(-10))).isEqualTo("本机时钟与市级服务器相差约 10 分钟，请校准");
        assertThat(zh.clockWarning(java.time.Duration.ofMinutes(95))).isEqualTo("本机时钟与市级服务器相差约 95 分钟，请校准");
        assertThat(en.clockWarning(java.time.Duration.ofMinutes(-10))).contains("about 10 minutes");
    }

    @Test
    void everyCodeTheServerAndTheTransportCanGiveHasWordsInBothLanguages() throws IOException {
        Set<String> codes = new TreeSet<>();
        codes.addAll(codesIn(Path.of("src/main/java/cn/zongzhi/server")));
        for (String client : List.of("HttpSyncTransport", "SyncTransport", "SyncClient", "SyncScheduler", "OfficeAdministration",
                "AttachmentSyncRepository", "MediationCaseSyncRepository", "SyncClientRepository")) {
            codes.addAll(codesIn(Path.of("src/main/java/cn/zongzhi/sync/" + client + ".java")));
        }
        // The enrolment codes are the enrolment form's (sync.enroll.reason.*) and the office form's, not sync's.
        codes.removeAll(Set.of("bad-office-code", "bad-name", "bad-level", "bad-area", "office-exists", "bad-replica",
                "unknown-code", "used-code", "expired-code"));
        assertThat(codes).as("the scan finds the codes at all").contains("not-assignee", "unknown-task", "no-request",
                "missing-field", "mutation-id-taken", "missing-mutation-id", "body-too-large", "batch-too-large", "bad-request",
                "bad-gzip", "unsupported-encoding", "unauthenticated", "replica-mismatch", "unreachable").hasSizeGreaterThan(50);

        for (String code : codes) {
            for (SyncWords words : List.of(zh, en)) {
                String reason = words.reason(code, ENGLISH);
                String error = words.error(code + ": " + ENGLISH);
                assertThat(reason).as("%s as a refused record (%s)", code, words.messages().locale())
                        .isNotEqualTo(words.messages().text("sync.reason.unknown", code)).doesNotContain(ENGLISH)
                        .doesNotStartWith("!");
                assertThat(error).as("%s as the last error (%s)", code, words.messages().locale())
                        .isNotEqualTo(words.messages().text("sync.error.unknown", code)).doesNotContain(ENGLISH)
                        .doesNotStartWith("!");
            }
        }
    }

    /** The codes a source gives: the quoted reason words just after where one is given, up to its sentence. */
    private static Set<String> codesIn(Path where) throws IOException {
        Set<String> codes = new TreeSet<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(where)) {
            sources = files.filter(path -> path.toString().endsWith(".java")).toList();
        }
        for (Path source : sources) {
            String text = Files.readString(source);
            Matcher given = GIVEN.matcher(text);
            while (given.find()) {
                // The first word of the statement, or both words of a ternary (`? "missing-field" : "bad-field"`);
                // a failure stored as "code: detail" gives its code.
                int end = text.indexOf(';', given.end());
                String statement = text.substring(given.end(), end < 0 ? text.length() : end);
                Matcher quoted = QUOTED.matcher(statement);
                int after = -1;
                while (quoted.find() && (after < 0 || statement.substring(after, quoted.start()).matches("\\s*:\\s*"))) {
                    String word = after < 0 ? quoted.group(1).replaceFirst(": $", "") : quoted.group(1);
                    if (!CODE.matcher(word).matches()) {
                        break;
                    }
                    codes.add(word);
                    after = quoted.end();
                }
            }
        }
        return codes;
    }
}
