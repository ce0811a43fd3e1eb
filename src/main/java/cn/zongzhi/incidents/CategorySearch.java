package cn.zongzhi.incidents;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finding a category by what the operator types: a code prefix, part of the Chinese name, or pinyin initials
 * (BLLJ → 暴露垃圾). The intake form's suggestions and the queue's category tree match the same way.
 */
public final class CategorySearch {
    private CategorySearch() {
    }

    public static boolean matches(CatalogueRepository.Category category, String typed) {
        String text = typed == null ? "" : typed.trim();
        if (text.isEmpty()) {
            return false;
        }
        String upper = text.toUpperCase(Locale.ROOT);
        return category.code().startsWith(upper) || category.name().contains(text)
                || category.pinyinInitials() != null && category.pinyinInitials().startsWith(upper);
    }

    /**
     * One category of the tree and the categories kept under it.
     *
     * @param matched    the category itself matches what was typed
     * @param matchBelow some category under it matches (the tree shows it unfolded)
     */
    public record Node(CatalogueRepository.Category category, List<Node> children, boolean matched, boolean matchBelow) {
    }

    /**
     * The catalogue as a tree, in the catalogue's order, narrowed to what was typed: a category that matches keeps
     * everything under it (choosing it filters all of that anyway); one that does not stays only as the way to a
     * match below it. Nothing typed: the whole tree. A category whose parent is not in the list is a top-level one.
     */
    public static List<Node> tree(List<CatalogueRepository.Category> categories, String typed) {
        String text = typed == null ? "" : typed.trim();
        Set<String> codes = new HashSet<>();
        categories.forEach(category -> codes.add(category.code()));
        Map<String, List<CatalogueRepository.Category>> childrenOf = new LinkedHashMap<>();
        List<CatalogueRepository.Category> tops = new ArrayList<>();
        for (CatalogueRepository.Category category : categories) {
            if (category.parentCode() == null || !codes.contains(category.parentCode())) {
                tops.add(category);
            } else {
                childrenOf.computeIfAbsent(category.parentCode(), parent -> new ArrayList<>()).add(category);
            }
        }
        List<Node> kept = new ArrayList<>();
        for (CatalogueRepository.Category top : tops) {
            Set<String> path = new HashSet<>(Set.of(top.code()));
            Node node = narrowed(top, text, childrenOf, false, path);
            if (text.isEmpty() || node.matched() || node.matchBelow()) {
                kept.add(node);
            }
        }
        return List.copyOf(kept);
    }

    private static Node narrowed(CatalogueRepository.Category category, String text,
                                 Map<String, List<CatalogueRepository.Category>> childrenOf, boolean underMatch,
                                 Set<String> path) {
        boolean matched = matches(category, text);
        List<Node> children = new ArrayList<>();
        boolean matchBelow = false;
        for (CatalogueRepository.Category child : childrenOf.getOrDefault(category.code(), List.of())) {
            // Parents that go round in a circle (a broken catalogue) end the walk instead of recursing forever.
            if (!path.add(child.code())) {
                continue;
            }
            Node node = narrowed(child, text, childrenOf, underMatch || matched, path);
            path.remove(child.code());
            boolean leadsToMatch = node.matched() || node.matchBelow();
            matchBelow |= leadsToMatch;
            if (text.isEmpty() || underMatch || matched || leadsToMatch) {
                children.add(node);
            }
        }
        return new Node(category, List.copyOf(children), matched, matchBelow);
    }
}
