package dev.cookiewarden.register;

/**
 * Run by {@link ConfigHashTest} in a fresh JVM: prints the hash of the fixture configuration, so
 * the test can compare it with the hash computed in its own JVM (immutable maps iterate in an
 * order salted per JVM; the canonical form must not depend on it).
 */
public final class HashingChild {
    private HashingChild() {
    }

    public static void main(String[] args) {
        System.out.println(ConfigHash.of(RegisterFixtures.config()).value());
    }
}
