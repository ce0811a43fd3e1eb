package cn.zongzhi.mediation;

/** The fifteen statistical types of civil dispute (矛盾纠纷类型) that mediation reports count by. */
public enum DisputeType {
    MARRIAGE_FAMILY("婚姻家庭纠纷"),
    NEIGHBOUR("邻里纠纷"),
    HOUSING_HOMESTEAD("房屋宅基地纠纷"),
    CONTRACT("合同纠纷"),
    PRODUCTION_OPERATION("生产经营纠纷"),
    DAMAGES("损害赔偿纠纷"),
    FOREST_LAND("山林土地纠纷"),
    LAND_ACQUISITION("征地拆迁纠纷"),
    ENVIRONMENT("环境污染纠纷"),
    LABOUR("劳动争议纠纷"),
    CONSUMER("消费纠纷"),
    MEDICAL("医疗纠纷"),
    TRAFFIC_ACCIDENT("道路交通事故纠纷"),
    PROPERTY_MANAGEMENT("物业纠纷"),
    OTHER("其他纠纷");

    private final String chineseName;

    DisputeType(String chineseName) {
        this.chineseName = chineseName;
    }

    public String chineseName() {
        return chineseName;
    }

    /** The type's name in the language of these messages (Chinese, English); the code itself when unknown. */
    public static String label(String code, cn.zongzhi.common.Messages messages) {
        return messages.textOrDefault("mediation.disputeType." + code, chineseNameOf(code));
    }

    /** Whether the code names one of the types. */
    public static boolean isCode(String code) {
        for (DisputeType type : values()) {
            if (type.name().equals(code)) {
                return true;
            }
        }
        return false;
    }

    /** The Chinese name of a stored type code; the code itself when it is unknown. */
    public static String chineseNameOf(String code) {
        for (DisputeType type : values()) {
            if (type.name().equals(code)) {
                return type.chineseName;
            }
        }
        return code;
    }
}
