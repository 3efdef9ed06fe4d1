package io.automove.emulators;

/**
 * Which emulators the tier runs on: moto and DynamoDB Local by default; LocalStack with -Pemulators,localstack
 * (its class is compiled only in that profile, which needs Docker).
 */
final class EmulatorsFactory {
    private EmulatorsFactory() {}

    static Emulators start() throws Exception {
        String kind = System.getProperty("automove.emulators", "moto");
        if (kind.equals("localstack")) {
            return (Emulators) Class.forName("io.automove.emulators.LocalStackEmulators").getConstructor().newInstance();
        }
        return new MotoAndDynamoDbLocal();
    }
}
