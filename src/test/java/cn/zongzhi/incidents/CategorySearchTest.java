package cn.zongzhi.incidents;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The category matcher shared by the intake form and the queue's tree, and the tree it narrows. */
class CategorySearchTest {
    private static final List<CatalogueRepository.Category> CATALOGUE = List.of(
            category("01", "市容环境", "SRHJ", null),
            category("0101", "暴露垃圾", "BLLJ", "01"),
            category("0102", "积存垃圾渣土", "JCLJZT", "01"),
            category("0103", "道路不洁", "DLBJ", "01"),
            category("02", "宣传广告", "XCGG", null),
            category("0201", "违章张贴小广告", "WZZTXGG", "02"),
            category("9901", "垃圾桶满溢", "LJTMY", "0101"));

    private static CatalogueRepository.Category category(String code, String name, String initials, String parent) {
        return new CatalogueRepository.Category(code, name, initials, parent, null, null, null, null, false);
    }

    @Test
    void matchesACodePrefixPartOfTheNameOrPinyinInitials() {
        var rubbish = CATALOGUE.get(1);
        assertThat(CategorySearch.matches(rubbish, "010")).isTrue();
        assertThat(CategorySearch.matches(rubbish, " 垃圾 ")).isTrue();
        assertThat(CategorySearch.matches(rubbish, "bllj")).isTrue();
        assertThat(CategorySearch.matches(rubbish, "0102")).isFalse();
        assertThat(CategorySearch.matches(rubbish, " ")).isFalse();
    }

    @Test
    void nothingTypedIsTheWholeTreeByParent() {
        var tree = CategorySearch.tree(CATALOGUE, "");

        assertThat(tree).extracting(node -> node.category().code()).containsExactly("01", "02");
        assertThat(tree.get(0).children()).extracting(node -> node.category().code()).containsExactly("0101", "0102", "0103");
        assertThat(tree.get(0).children().get(0).children()).extracting(node -> node.category().code()).containsExactly("9901");
        assertThat(tree.get(0).matchBelow()).isFalse();
    }

    @Test
    void typingKeepsTheMatchesTheWayToThemAndEverythingUnderAMatch() {
        var byInitials = CategorySearch.tree(CATALOGUE, "BLLJ");
        assertThat(byInitials).singleElement().satisfies(cityAppearance -> {
            assertThat(cityAppearance.matched()).isFalse();
            assertThat(cityAppearance.matchBelow()).as("shown unfolded").isTrue();
            assertThat(cityAppearance.children()).singleElement().satisfies(rubbish -> {
                assertThat(rubbish.matched()).isTrue();
                assertThat(rubbish.children()).extracting(node -> node.category().code()).containsExactly("9901");
            });
        });

        var byName = CategorySearch.tree(CATALOGUE, "垃圾");
        assertThat(byName).singleElement().satisfies(cityAppearance -> assertThat(cityAppearance.children())
                .extracting(node -> node.category().code()).containsExactly("0101", "0102"));

        var parent = CategorySearch.tree(CATALOGUE, "SRHJ");
        assertThat(parent).singleElement().satisfies(cityAppearance -> {
            assertThat(cityAppearance.matched()).isTrue();
            assertThat(cityAppearance.matchBelow()).as("folded: only the parent matched").isFalse();
            assertThat(cityAppearance.children()).hasSize(3);
        });

        assertThat(CategorySearch.tree(CATALOGUE, "xyz")).isEmpty();
    }

    @Test
    void aCatalogueWhoseParentsGoRoundInACircleStillGivesATree() {
        var broken = List.of(category("01", "市容环境", "SRHJ", null), category("A", "甲", "J", "B"),
                category("B", "乙", "Y", "A"), category("0101", "暴露垃圾", "BLLJ", "01"));

        assertThat(CategorySearch.tree(broken, "")).extracting(node -> node.category().code()).containsExactly("01");
        assertThat(CategorySearch.tree(broken, "Y")).isEmpty();
    }
}
