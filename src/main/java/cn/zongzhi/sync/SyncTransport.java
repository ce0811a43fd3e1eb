package cn.zongzhi.sync;

import cn.zongzhi.sync.protocol.Hello;
import cn.zongzhi.sync.protocol.HelloReply;
import cn.zongzhi.sync.protocol.Pull;
import cn.zongzhi.sync.protocol.PullReply;
import cn.zongzhi.sync.protocol.Push;
import cn.zongzhi.sync.protocol.PushReply;
import cn.zongzhi.sync.protocol.ReferencePublish;
import cn.zongzhi.sync.protocol.ReferencePublishReply;
import cn.zongzhi.sync.protocol.ReferencePull;
import cn.zongzhi.sync.protocol.ReferencePullReply;

/** The three calls of a sync round, as sent to the city server. */
public interface SyncTransport {
    HelloReply hello(Hello hello);

    PushReply push(Push push);

    PullReply pull(Pull pull);

    /** The city office publishes reference data (decision 0016); any other office is refused with 403. */
    ReferencePublishReply publishReference(ReferencePublish publish);

    /** Reference data changed after a version, the office's grids only. */
    ReferencePullReply pullReference(ReferencePull pull);

    /** Sends one attachment's content (decision 0018); the answer is the description the server stored. */
    default cn.zongzhi.sync.protocol.AttachmentMeta uploadAttachment(cn.zongzhi.sync.protocol.AttachmentMeta meta, byte[] content) {
        throw new Unavailable(0, "unsupported", "this connection does not carry attachments");
    }

    /** Fetches one attachment the feed described. */
    default Attachment downloadAttachment(java.util.UUID id) {
        throw new Unavailable(0, "unsupported", "this connection does not carry attachments");
    }

    /**
     * Fetches the rest of an attachment after the {@code have} bytes a cut fetch received; cut again, what arrived in
     * all goes to {@code keepOnCut} before the fetch fails. A connection that cannot resume fetches it whole.
     */
    default Attachment downloadAttachment(java.util.UUID id, byte[] have, java.util.function.Consumer<byte[]> keepOnCut) {
        return downloadAttachment(id);
    }

    /** An attachment as fetched: its description and its content. */
    record Attachment(cn.zongzhi.sync.protocol.AttachmentMeta meta, byte[] content) {
    }

    /**
     * The server could not be reached or did not answer properly: the round stops and is tried again later.
     * Nothing local is lost, since nothing is marked as answered without the answer.
     */
    final class Unavailable extends RuntimeException {
        private final int status;
        private final String reason;

        public Unavailable(int status, String reason, String message) {
            super(message);
            this.status = status;
            this.reason = reason;
        }

        /** The HTTP status, or 0 when there was no answer at all. */
        public int status() {
            return status;
        }

        /** The server's word for the refusal (unauthenticated, batch-too-large, ...), or why there was no answer. */
        public String reason() {
            return reason;
        }

        /** A refusal that retrying will not cure: the credential or the request itself is wrong. */
        public boolean permanent() {
            return status == 401 || status == 403 || status == 400 || status == 413 || status == 415;
        }
    }
}
