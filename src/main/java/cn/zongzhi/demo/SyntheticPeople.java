package cn.zongzhi.demo;

import cn.zongzhi.common.ResidentIdNumber;

import java.time.LocalDate;
import java.util.SplittableRandom;

/** Made-up people: Chinese names, mobile numbers and resident ID numbers with a valid check character. */
final class SyntheticPeople {
    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高梁郑谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤";
    private static final String GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建文辉力永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘";
    private static final String[] MOBILE_PREFIXES = {"138", "139", "137", "136", "135", "150", "151", "152", "158", "159",
            "182", "187", "188", "130", "131", "132", "155", "156", "186", "133", "153", "180", "189", "177", "199"};
    // Guangzhou's county codes, where the demo's people were registered at birth.
    private static final String[] REGIONS = {"440111", "440111", "440111", "440103", "440104", "440105", "440106",
            "440113", "440114", "440183", "445122", "441481", "440882", "430524", "452501", "360730"};

    private SyntheticPeople() {
    }

    static String name(SplittableRandom random) {
        StringBuilder name = new StringBuilder();
        name.append(SURNAMES.charAt(random.nextInt(SURNAMES.length())));
        name.append(GIVEN.charAt(random.nextInt(GIVEN.length())));
        if (random.nextInt(10) < 7) {
            name.append(GIVEN.charAt(random.nextInt(GIVEN.length())));
        }
        return name.toString();
    }

    static String mobile(SplittableRandom random) {
        return MOBILE_PREFIXES[random.nextInt(MOBILE_PREFIXES.length)] + String.format("%08d", random.nextInt(100_000_000));
    }

    static String residentId(SplittableRandom random, LocalDate today) {
        LocalDate birth = today.minusYears(18 + random.nextInt(60)).minusDays(random.nextInt(365));
        String first17 = REGIONS[random.nextInt(REGIONS.length)]
                + birth.toString().replace("-", "")
                + String.format("%03d", random.nextInt(1000));
        return first17 + ResidentIdNumber.checkCharacter(first17);
    }
}
