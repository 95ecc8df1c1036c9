package dev.cookiewarden.consent;

import static dev.cookiewarden.consent.ConsentFixtures.key;
import static dev.cookiewarden.consent.ConsentFixtures.tempDirectory;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cookiewarden.Concurrently;
import dev.cookiewarden.config.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyRingTest {
    private static final String KEY_B64 = Base64.getUrlEncoder().withoutPadding().encodeToString(key("x").material());

    private Path dir;

    @BeforeEach
    void createDirectory() throws IOException {
        dir = tempDirectory("keyring");
    }

    @Test
    void firstKeySignsAndEveryKeyVerifies() {
        KeyRing ring = new KeyRing(List.of(key("new"), key("old")));
        assertEquals(key("new"), ring.signingKey());
        assertEquals(Optional.of(key("new")), ring.byId("new"));
        assertEquals(Optional.of(key("old")), ring.byId("old"));
        assertEquals(Optional.empty(), ring.byId("other"));
        assertEquals(Optional.empty(), ring.byId(null));
        assertEquals(List.of(key("new"), key("old")), ring.keys());
        assertEquals(KeyRing.Source.CONFIGURED, ring.source());
        assertEquals(Optional.empty(), ring.keyFile());
    }

    @Test
    void ringCopiesTheList() {
        List<SigningKey> keys = new ArrayList<>(List.of(key("a")));
        KeyRing ring = new KeyRing(keys);
        keys.set(0, key("b"));
        assertEquals("a", ring.signingKey().id());
        assertThrows(UnsupportedOperationException.class, () -> ring.keys().add(key("c")));
    }

    @Test
    void ringRejectsNoKeysRepeatedIdsAndNull() {
        assertEquals("A key ring needs at least one signing key",
                assertThrows(IllegalArgumentException.class, () -> new KeyRing(List.of())).getMessage());
        SigningKey other = new SigningKey("a", new byte[SigningKey.MIN_BYTES]);
        assertEquals("Key id [a] appears more than once in the key ring",
                assertThrows(IllegalArgumentException.class, () -> new KeyRing(List.of(key("a"), other))).getMessage());
        assertThrows(NullPointerException.class, () -> new KeyRing(Arrays.asList(key("a"), null)));
        assertThrows(NullPointerException.class, () -> new KeyRing(null));
    }

    @Test
    void toStringNamesKeyIdsButNeverMaterial() {
        String text = new KeyRing(List.of(key("new"), key("old"))).toString();
        assertEquals("KeyRing[signing=new, keys=[new, old], source=CONFIGURED]", text);
    }

    @Test
    void configuredKeysWinAndTheDataDirectoryIsLeftAlone() {
        Path missing = dir.resolve("data");
        KeyRing ring = KeyRing.loadOrGenerate(List.of(key("k1")), missing);
        assertEquals(KeyRing.Source.CONFIGURED, ring.source());
        assertEquals("k1", ring.signingKey().id());
        assertFalse(Files.exists(missing));
        assertEquals(KeyRing.Source.CONFIGURED, KeyRing.loadOrGenerate(List.of(key("k1")), null).source());
    }

    @Test
    void withoutKeysADataDirectoryIsRequired() {
        assertThrows(NullPointerException.class, () -> KeyRing.loadOrGenerate(List.of(), null));
    }

    @Test
    void generatesAKeyAndItsFileWhenTheDirectoryDoesNotExist() throws IOException {
        Path data = dir.resolve("var/cookie-warden");
        KeyRing ring = KeyRing.loadOrGenerate(List.of(), data);

        assertEquals(KeyRing.Source.GENERATED, ring.source());
        Path file = data.resolve("signing-key");
        assertEquals(Optional.of(file), ring.keyFile());
        SigningKey key = ring.signingKey();
        assertTrue(key.id().matches("g[A-Za-z0-9_-]{6}"), key.id());
        assertEquals(32, key.material().length);
        String content = Files.readString(file, StandardCharsets.US_ASCII);
        assertEquals(key.id() + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(key.material()) + "\n",
                content);
        assertEquals(List.of(file), list(data), "no temporary file left behind");
    }

    @Test
    void keyFileAndNewDirectoryAreReadableByTheOwnerOnly() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path data = dir.resolve("data");
        KeyRing.loadOrGenerate(List.of(), data);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("signing-key"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
    }

    @Test
    void existingDirectoryIsUsedAsItIs() {
        KeyRing ring = KeyRing.loadOrGenerate(List.of(), dir);
        assertEquals(KeyRing.Source.GENERATED, ring.source());
        assertTrue(Files.isRegularFile(dir.resolve("signing-key")));
    }

    @Test
    void laterStartsLoadTheSameKey() {
        KeyRing first = KeyRing.loadOrGenerate(List.of(), dir);
        KeyRing second = KeyRing.loadOrGenerate(List.of(), dir);
        assertEquals(KeyRing.Source.LOADED, second.source());
        assertEquals(first.signingKey(), second.signingKey());
        assertArrayEquals(first.signingKey().material(), second.signingKey().material());
        // And cookies signed before the restart still verify after it.
        String value = new ConsentCookieCodec(first).encode(ConsentFixtures.state());
        assertTrue(new ConsentCookieCodec(second).decode(value).isPresent());
    }

    @Test
    void generatedKeysDifferBetweenDirectories() throws IOException {
        Set<String> ids = new HashSet<>();
        Set<String> materials = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            SigningKey key = KeyRing.loadOrGenerate(List.of(), dir.resolve("d" + i)).signingKey();
            ids.add(key.id());
            materials.add(Base64.getEncoder().encodeToString(key.material()));
        }
        assertEquals(20, ids.size());
        assertEquals(20, materials.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"k1:" + "%s", "k1:%s\n", "k1:%s\r\n", "  k1:%s  \n\n", "abcdefghijklmnop:%s", "a-_Z9:%s"})
    void loadsAHandWrittenKeyFile(String format) throws IOException {
        String content = String.format(format, KEY_B64);
        Files.writeString(dir.resolve("signing-key"), content, StandardCharsets.US_ASCII);
        KeyRing ring = KeyRing.loadOrGenerate(List.of(), dir);
        assertEquals(KeyRing.Source.LOADED, ring.source());
        assertEquals(content.strip().substring(0, content.strip().indexOf(':')), ring.signingKey().id());
        assertArrayEquals(key("x").material(), ring.signingKey().material());
    }

    static Stream<String> corruptContents() {
        String shortKey = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[31]);
        String padded = Base64.getUrlEncoder().encodeToString(new byte[32]);
        String standard = Base64.getEncoder().withoutPadding().encodeToString(new byte[] {-5, -17, -1, -5, -17, -1})
                + KEY_B64;
        return Stream.of(
                "",
                "\n",
                KEY_B64,
                "k1:",
                ":" + KEY_B64,
                "k1:" + shortKey,
                "k1:" + padded,
                "k1:" + standard,
                "k1 :" + KEY_B64,
                "k1:" + KEY_B64 + ":extra",
                "k1:" + KEY_B64 + "\nk2:" + KEY_B64,
                "abcdefghijklmnopq:" + KEY_B64,
                "k.1:" + KEY_B64,
                "k1=" + KEY_B64,
                "k1:" + KEY_B64.substring(1),
                "k1:" + KEY_B64 + "A".repeat(1000),
                "\u00e9t\u00e9:" + KEY_B64);
    }

    @ParameterizedTest
    @MethodSource("corruptContents")
    void corruptKeyFileStopsStartupNamingTheFileButNotItsContent(String content) throws IOException {
        Path file = dir.resolve("signing-key");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KeyRing.loadOrGenerate(List.of(), dir));
        assertEquals("Signing key file [" + file + "] is corrupt: expected one line id:key, the id 1 to 16 of"
                + " A-Z a-z 0-9 _ -, the key at least 32 bytes in unpadded base64url", e.getMessage());
        assertEquals(null, e.getCause());
        assertEquals(content, Files.readString(file, StandardCharsets.UTF_8), "a corrupt file is never replaced");
    }

    @Test
    void binaryKeyFileIsCorrupt() throws IOException {
        byte[] garbage = new byte[64];
        new java.util.Random(3).nextBytes(garbage);
        Files.write(dir.resolve("signing-key"), garbage);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KeyRing.loadOrGenerate(List.of(), dir));
        assertTrue(e.getMessage().contains(dir.resolve("signing-key").toString()), e.getMessage());
    }

    @Test
    void keyFileThatIsADirectoryCannotBeRead() throws IOException {
        Path file = Files.createDirectory(dir.resolve("signing-key"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KeyRing.loadOrGenerate(List.of(), dir));
        assertEquals("Cannot read signing key file [" + file + "]", e.getMessage());
    }

    @Test
    void dataDirectoryThatIsAFileCannotBeCreated() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain"), "x");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KeyRing.loadOrGenerate(List.of(), notADirectory));
        assertTrue(e.getMessage().contains(notADirectory.toString()), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 8})
    void nodesStartingTogetherOnASharedDirectoryEndWithOneKey(int nodes) throws Exception {
        for (int round = 0; round < 40; round++) {
            Path data = dir.resolve("round" + round); // not created: the nodes race on that too
            List<KeyRing> results = Concurrently.run(nodes, n -> () -> KeyRing.loadOrGenerate(List.of(), data));
            Set<SigningKey> keys = results.stream().map(KeyRing::signingKey).collect(Collectors.toSet());
            assertEquals(1, keys.size(), "round " + round + ": " + results);
            assertEquals(1, results.stream().filter(r -> r.source() == KeyRing.Source.GENERATED).count(),
                    "round " + round + ": " + results);
            assertEquals(keys.iterator().next(), KeyRing.loadOrGenerate(List.of(), data).signingKey());
            assertEquals(List.of(data.resolve("signing-key")), list(data), "round " + round);
        }
    }

    @Test
    void differentDirectoriesGiveDifferentKeys() {
        KeyRing a = KeyRing.loadOrGenerate(List.of(), dir.resolve("a"));
        KeyRing b = KeyRing.loadOrGenerate(List.of(), dir.resolve("b"));
        assertNotEquals(a.signingKey(), b.signingKey());
        // Which is why a cluster without a shared directory needs configured keys.
        String value = new ConsentCookieCodec(a).encode(ConsentFixtures.state());
        assertFalse(new ConsentCookieCodec(b).decode(value).isPresent());
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }
}
