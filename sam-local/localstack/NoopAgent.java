/**
 * Stands in for LocalStack's ddb-local-loader agent, which LocalStack downloads from its own artifacts repository
 * (not from a package registry) and always puts on DynamoDB Local's command line (-javaagent). The real agent
 * patches DynamoDB Local to allow more than 20 global secondary indexes per table; this one does nothing, which
 * is enough for a table with one index.
 */
public final class NoopAgent {
    private NoopAgent() {}

    public static void premain(String args) {}
}
