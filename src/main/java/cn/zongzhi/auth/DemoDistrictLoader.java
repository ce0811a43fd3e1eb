package cn.zongzhi.auth;

import cn.zongzhi.common.Progress;

/** What the set-up screen calls to fill a new database with the demo district; wired in the composition root. */
@FunctionalInterface
public interface DemoDistrictLoader {
    void load(Progress progress);
}
