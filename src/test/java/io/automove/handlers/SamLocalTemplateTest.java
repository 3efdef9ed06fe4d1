package io.automove.handlers;

import io.automove.localstack.Template;
import io.automove.emulators.SamLocalEmulators;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * template.yaml and sam-local/env.json in step: `sam local --env-vars` sets only the variables a function
 * declares, so what the file sets must be declared, and what only `sam local` needs must be declared in a way
 * no deploy keeps (README, "sam local").
 */
class SamLocalTemplateTest {
    static final Template TEMPLATE = Template.load(EventsFolderTest.TEMPLATE_FILE);
    static final Map<String, String> ENV_FILE = SamLocalEmulators.EnvFile.read(SamLocalEmulators.ENV_FILE).variables();
    static final Map<String, Object> NO_VALUE = Map.of("Ref", "AWS::NoValue");

    static boolean localOnly(String variable) {
        return variable.startsWith("AWS_ENDPOINT_URL") || variable.equals("PORTAL_WEBHOOK_SECRET");
    }

    @Test
    void endpointAndLocalSecretVariables_areAWSNoValue_soNoDeployedFunctionHasThem() {
        // GIVEN every function's variables, Globals included
        for (Template.Function f : TEMPLATE.functions()) {
            f.environment().forEach((name, value) -> {
                // THEN the sam-local-only ones are declared as AWS::NoValue (CloudFormation drops the key): an
                // empty string would reach Lambda, and the SDK takes "" for an endpoint
                if (localOnly(name)) assertThat(value).as("%s of %s", name, f.logicalId()).isEqualTo(NO_VALUE);
            });
            // and no catch-all AWS_ENDPOINT_URL: sam local would hand it over as "" for every service
            assertThat(f.environment()).as("variables of %s", f.logicalId()).doesNotContainKey("AWS_ENDPOINT_URL");
        }
    }

    @Test
    void envVarsFile_setsOnlyDeclaredVariables_andEveryOneTheTemplateLeavesToIt() {
        // GIVEN what the functions declare
        Set<String> declared = new LinkedHashSet<>();
        Set<String> needed = new LinkedHashSet<>();
        for (Template.Function f : TEMPLATE.functions()) {
            f.environment().forEach((name, value) -> {
                declared.add(name);
                // a !Ref (a resource's name, a parameter, AWS::NoValue) means nothing on this machine
                if (!(value instanceof String)) needed.add(name);
            });
        }

        // THEN the file sets nothing that SAM would silently drop, and everything without a local meaning
        assertThat(declared).as("variables the template declares").containsAll(ENV_FILE.keySet());
        assertThat(ENV_FILE.keySet()).as("variables sam-local/env.json sets").containsAll(needed);
        ENV_FILE.forEach((name, value) -> {
            if (localOnly(name)) assertThat(value).as(name).isNotBlank();
        });
        // the webhook uses the local secret only with the Secrets Manager ARN emptied
        assertThat(ENV_FILE).containsEntry("PORTAL_WEBHOOK_SECRET_ARN", "");
    }

    @Test
    void architecture_isArm64ForDeploys_andAParameterForSamLocal() {
        assertThat(TEMPLATE.parameters().get("Architecture")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("Default", "arm64");
        assertThat(TEMPLATE.functionGlobals().get("Architectures")).isEqualTo(List.of(Map.of("Ref", "Architecture")));
    }
}
