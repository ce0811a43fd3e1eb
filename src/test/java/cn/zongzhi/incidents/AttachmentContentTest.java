package cn.zongzhi.incidents;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttachmentContentTest {
    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void eachTypeIsKnownByItsOwnSignature() {
        assertThat(AttachmentContent.matches("image/jpeg", TestAttachments.jpeg(1))).isTrue();
        assertThat(AttachmentContent.matches("image/png", TestAttachments.png(1))).isTrue();
        assertThat(AttachmentContent.matches("image/gif", ascii("GIF89a\u0001\u0000"))).isTrue();
        assertThat(AttachmentContent.matches("image/gif", ascii("GIF87a\u0001\u0000"))).isTrue();
        assertThat(AttachmentContent.matches("image/webp", ascii("RIFF\u0024\u0000\u0000\u0000WEBPVP8 "))).isTrue();
        assertThat(AttachmentContent.matches("image/heic", ascii("\u0000\u0000\u0000\u0018ftypheic\u0000\u0000\u0000\u0000"))).isTrue();
        assertThat(AttachmentContent.matches("image/heic", ascii("\u0000\u0000\u0000\u0018ftypmif1\u0000\u0000\u0000\u0000"))).isTrue();
        assertThat(AttachmentContent.matches("application/pdf", TestAttachments.pdf())).isTrue();
        assertThat(AttachmentContent.matches("application/pdf", ascii("\uFEFF \n%PDF-1.4"))).as("a few bytes before the header").isTrue();
    }

    @Test
    void contentThatIsNotWhatItsNameSaysIsRefused() {
        byte[] text = ascii("会议纪要：某小区井盖缺失".replaceAll(".", "x"));
        for (String type : new String[] {"image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "application/pdf"}) {
            assertThat(AttachmentContent.matches(type, text)).as(type).isFalse();
            assertThat(AttachmentContent.matches(type, new byte[0])).as(type + ", empty").isFalse();
        }
        assertThat(AttachmentContent.matches("image/png", TestAttachments.jpeg(1))).as("a JPEG named .png").isFalse();
        assertThat(AttachmentContent.matches("image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'})).as("cut off in its signature").isFalse();
        assertThat(AttachmentContent.matches("image/webp", ascii("RIFF\u0024\u0000\u0000\u0000WAVEfmt "))).as("a RIFF sound").isFalse();
        assertThat(AttachmentContent.matches("image/heic", ascii("\u0000\u0000\u0000\u0018ftypisom\u0000\u0000\u0000\u0000"))).as("an MP4 video").isFalse();
        assertThat(AttachmentContent.matches("application/octet-stream", TestAttachments.png())).isFalse();
        assertThat(AttachmentContent.matches(null, TestAttachments.png())).isFalse();
    }

    @Test
    void theServiceRefusesWithAReasonThatSaysSo() {
        assertThatThrownBy(() -> IncidentService.checkAttachmentContent("image/jpeg", ascii("MZ\u0090\u0000")))
                .isInstanceOfSatisfying(IncidentException.class,
                        e -> assertThat(e.reason()).isEqualTo(IncidentException.Reason.ATTACHMENT_CONTENT));
        assertThatCode(() -> IncidentService.checkAttachmentContent("image/jpeg", TestAttachments.jpeg())).doesNotThrowAnyException();
        assertThat(IncidentMessages.describe(new IncidentException(IncidentException.Reason.ATTACHMENT_CONTENT),
                cn.zongzhi.common.Messages.forLanguage("zh"))).startsWith("文件内容与扩展名不符");
    }
}
