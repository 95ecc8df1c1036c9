package dev.cookiewarden.record;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The process {@link SigkillDurabilityTest} kills: appends records from several threads and
 * prints {@code ACK <consent id>} for each, only after {@code append} returned. Arguments: the data
 * directory, the number of threads, the number of records per thread.
 */
public final class AppendingChild {
    private AppendingChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        int perThread = Integer.parseInt(args[2]);
        PrintStream out = System.out;
        JsonlConsentLog log = JsonlConsentLog.open(dataDir);
        out.println("READY");
        out.flush();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    for (int i = 0; i < perThread; i++) {
                        ConsentRecord record = RecordFixtures.record(Instant.now());
                        log.append(record);
                        synchronized (out) {
                            out.println("ACK " + record.consentId());
                            out.flush();
                        }
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                    System.exit(2);
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        log.close();
        out.println("DONE");
        out.flush();
    }
}
