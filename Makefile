# One deployment package per function. `sam build` runs `make build-<FunctionLogicalId>` with ARTIFACTS_DIR set
# (template.yaml: Metadata BuildMethod makefile); `make build-<Function> ARTIFACTS_DIR=dir` works alone too.
# A package holds the functions' classes (not the local stack's) and only the runtime jars its function loads:
# every function stores in DynamoDB, only RequestDeliveryFunction mails (SES), only PortalWebhookFunction reads
# a secret (Secrets Manager), and only OutboxRelayFunction publishes (EventBridge), reading no table. A function
# added to the template gets the default.
# The emulator tier (mvn verify -Pemulators) runs every function from its package: a missing jar fails it.

MVN ?= mvn -q -B
LIB := target/lambda-lib

EXCLUDE_default := ses aws-query-protocol eventbridge secretsmanager
EXCLUDE_PortalWebhookFunction := ses aws-query-protocol eventbridge
EXCLUDE_RequestDeliveryFunction := eventbridge secretsmanager
EXCLUDE_OutboxRelayFunction := dynamodb ses aws-query-protocol secretsmanager

$(LIB)/.done: pom.xml $(shell find src/main -type f)
	$(MVN) -DskipTests package dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=$(LIB)
	touch $@

build-%: $(LIB)/.done
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set" >&2; exit 1; }
	rm -rf "$(ARTIFACTS_DIR)/io" "$(ARTIFACTS_DIR)/lib"
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp -R target/classes/io "$(ARTIFACTS_DIR)/"
	rm -rf "$(ARTIFACTS_DIR)/io/automove/localstack"
	@exclude=" $(if $(EXCLUDE_$*),$(EXCLUDE_$*),$(EXCLUDE_default)) "; \
	for jar in $(LIB)/*.jar; do \
	  id=$$(basename "$$jar" | sed -E 's/-[0-9][^-]*(-SNAPSHOT)?\.jar$$//'); \
	  case "$$exclude" in *" $$id "*) ;; *) cp "$$jar" "$(ARTIFACTS_DIR)/lib/" ;; esac; \
	done
	@echo "$*: $$(ls "$(ARTIFACTS_DIR)/lib" | wc -l) jars, $$(du -sk "$(ARTIFACTS_DIR)" | cut -f1) KiB unzipped"

.PHONY: clean-lambda
clean-lambda:
	rm -rf $(LIB) target/lambda
