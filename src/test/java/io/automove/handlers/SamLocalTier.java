package io.automove.handlers;

import io.automove.localstack.Template;
import io.automove.emulators.SamLocalEmulators;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;

/**
 * What the sam-local tests share, started when the first one asks for it (a {@code SamLocalTier} parameter) and
 * stopped once all of them have run, by JUnit, before the JVM exits (SAM removes its warm containers then): the
 * ports are fixed by sam-local/env.json. DynamoDB Local and moto with the template's resources, and one
 * `sam local start-lambda` on the built template with a warm container per function.
 */
final class SamLocalTier implements ExtensionContext.Store.CloseableResource {
    /** The credentials SAM hands to the functions (DynamoDB Local runs with -sharedDb, and wants letters and digits only). */
    static final String KEY = "samlocal";

    final SamLocalEmulators emulators;
    final SamLocal sam;
    final SamLocal.Server lambda;

    private SamLocalTier() throws Exception {
        emulators = new SamLocalEmulators(Template.load(EventsFolderTest.TEMPLATE_FILE),
                SamLocalEmulators.EnvFile.read(SamLocalEmulators.ENV_FILE), SamLocal.bindHost(), true,
                Path.of("target", "sam-local"));
        try {
            sam = new SamLocal(emulators.motoFromHost().toString());
            emulators.deploy(KEY);
            lambda = sam.new Server("start-lambda", sam.template, "EAGER", KEY);
        } catch (Exception | Error e) {
            emulators.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            lambda.close();
        } finally {
            emulators.close();
        }
    }

    /** Resolves a {@code SamLocalTier} parameter to the one tier of the test run. */
    static final class Resolver implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == SamLocalTier.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(SamLocalTier.class, k -> {
                        try {
                            return new SamLocalTier();
                        } catch (Exception e) {
                            throw new IllegalStateException("the sam-local tier did not start", e);
                        }
                    }, SamLocalTier.class);
        }
    }
}
