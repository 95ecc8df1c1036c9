package dev.cookiewarden.record;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Names, lists and syncs the day files of a {@link JsonlConsentLog} directory. Stateless. */
final class DayFiles {
    static final String PREFIX = "consent-";
    static final String SUFFIX = ".jsonl";
    /** Temporary files of an interrupted purge start with this; they are deleted at open. */
    static final String TEMP_PREFIX = ".consent-";
    static final String TEMP_SUFFIX = ".tmp";

    private static final Logger LOG = LoggerFactory.getLogger(DayFiles.class);
    private static final Pattern NAME = Pattern.compile("consent-(\\d{4}-\\d{2}-\\d{2})\\.jsonl");
    private static final Set<PosixFilePermission> OWNER_FILE =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private DayFiles() {
    }

    /** The UTC day of {@code instant}: the day file its record goes to. */
    static LocalDate dayOf(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    /** {@code consent-YYYY-MM-DD.jsonl}. */
    static String name(LocalDate day) {
        return PREFIX + day + SUFFIX;
    }

    /** The day a file name stands for, or empty if it is not a day file's name. */
    static Optional<LocalDate> day(String fileName) {
        Matcher matcher = NAME.matcher(fileName);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(matcher.group(1)));
        } catch (DateTimeException e) {
            return Optional.empty(); // consent-2024-02-31.jsonl was not written by us
        }
    }

    /** The day files in {@code directory}, by day. */
    static TreeMap<LocalDate, Path> list(Path directory) throws IOException {
        TreeMap<LocalDate, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
            for (Path entry : entries) {
                day(entry.getFileName().toString()).ifPresent(day -> files.put(day, entry));
            }
        }
        return files;
    }

    /** Creates {@code directory} and its parents, owner-only on POSIX: records are personal data. */
    static void createDirectory(Path directory) throws IOException {
        if (isPosix(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
        } else {
            Files.createDirectories(directory);
        }
    }

    /** The attributes for a new file: readable and writable by its owner only, where that can be said. */
    static FileAttribute<?>[] ownerOnly(Path directory) {
        return isPosix(directory)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
                : new FileAttribute<?>[0];
    }

    /**
     * Makes the entries of {@code directory} durable: without this a file just created, renamed or
     * deleted may come back to its former state after a power loss even though its content was
     * forced. Not possible on every platform (Windows cannot open a directory; NTFS journals its
     * metadata anyway), hence only logged when it fails.
     */
    static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("Cannot sync directory [{}]", directory, e);
        }
    }

    /** Deletes temporary files left by a purge that was interrupted; they only hold copies. */
    static void deleteTemporaryFiles(Path directory) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
                TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
            for (Path entry : entries) {
                Files.deleteIfExists(entry);
                LOG.info("Deleted [{}], left by an interrupted consent log purge", entry);
            }
        }
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
