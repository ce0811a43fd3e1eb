package cn.zongzhi.incidents;

/** A photo or document to store with an incident, as the operator chose it: its file name, media type and bytes. */
public record NewAttachment(String fileName, String mediaType, byte[] content) {
}
