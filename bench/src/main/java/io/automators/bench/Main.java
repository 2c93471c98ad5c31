package io.automators.bench;

import java.util.Arrays;

/** One jar, one command per tool: {@code java -jar automators-bench.jar <command> [args]}. */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "stub" -> VendorStub.main(rest);
            case "floor" -> FloorApp.main(rest);
            case "openloop" -> OpenLoopClient.main(rest);
            case "campaign" -> Campaign.main(rest);
            case "catalog-gen" -> CatalogGenerator.main(rest);
            case "catalog-probe" -> CatalogProbe.main(rest);
            case "events" -> EventPathBench.main(rest);
            case "outbox" -> OutboxBench.main(rest);
            case "jfr-summary" -> JfrSummary.main(rest);
            case "report" -> Report.main(rest);
            default -> {
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.err.println("usage: java -jar automators-bench.jar stub|floor|openloop|campaign|catalog-gen|catalog-probe|events|outbox|jfr-summary|report ...");
    }
}
