package cn.zongzhi.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTest {
    private final PasswordHasher hasher = PasswordHasher.standard();

    @Test
    void verifiesTheRightPasswordAndRefusesAWrongOne() {
        String hash = hasher.hash("正确的密码-correct horse".toCharArray());

        assertThat(hasher.verify("正确的密码-correct horse".toCharArray(), hash)).isTrue();
        assertThat(hasher.verify("正确的密码-correct hors".toCharArray(), hash)).isFalse();
        assertThat(hasher.verify("".toCharArray(), hash)).isFalse();
    }

    @Test
    void storesArgon2idParametersAndAFreshSaltInEachHash() {
        String first = hasher.hash("same password".toCharArray());
        String second = hasher.hash("same password".toCharArray());

        assertThat(first).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(first).isNotEqualTo(second);
        assertThat(first).doesNotContain("same password");
    }

    @Test
    void hashesMadeWithOtherParametersStillVerify() {
        String cheap = new PasswordHasher(1024, 1, 1).hash("legacy secret".toCharArray());

        assertThat(hasher.verify("legacy secret".toCharArray(), cheap)).isTrue();
    }

    @Test
    void refusesSomethingThatIsNotAnArgon2idHash() {
        assertThat(hasher.verify("x".toCharArray(), "plain-text")).isFalse();
        assertThat(hasher.verify("x".toCharArray(), "$argon2i$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaA")).isFalse();
    }
}
