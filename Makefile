# edgepki: `make run` starts the runtime, `make test` runs every test.
# Builds are clean builds: bnd copies org.edgepki.common into each bundle's target/classes
# (-conditionalpackage), and a stale copy there would shadow a newer common on an incremental build.
SHELL := /bin/bash
MVN ?= mvn -B -ntp
EDGEPKI_HOME ?= $(CURDIR)/run/home
EDGEPKI_CONFIG ?= $(CURDIR)/runtime-config/config.toml
EDGEPKI_HTTP_PORT ?= 8080
# default, or small (a small gateway's JVM options: runtime-config/jvm/small.options), e.g. make run EDGEPKI_PROFILE=small
EDGEPKI_PROFILE ?= default
export EDGEPKI_HOME EDGEPKI_CONFIG EDGEPKI_HTTP_PORT EDGEPKI_PROFILE

SOURCES := $(shell find bnd.bnd cnf bundles runtime-config/*.bndrun runtime-config/pom.xml pom.xml \
	\( -name '*.java' -o -name '*.bnd' -o -name '*.bndrun' -o -name 'pom.xml' \) -not -path '*/target/*' 2>/dev/null)
LAUNCHER := runtime-config/target/edgepki-felix.jar

.PHONY: run build test test-tools bench fuzz soak clean

## run: build what is missing, then start the runtime with the embedded quickstart configuration. Ctrl-C (or
## SIGTERM) stops it cleanly: the JVM's 130/143 after its orderly stop is one line, not a make error
run: $(LAUNCHER)
	@trap 'true' INT TERM; EDGEPKI_DEV=1 runtime-config/bin/edgepki; status=$$?; \
	if [ $$status -eq 130 ] || [ $$status -eq 143 ]; then echo "edgepki: stopped"; else exit $$status; fi

build: $(LAUNCHER)

$(LAUNCHER): $(SOURCES)
	$(MVN) -q clean install -DskipTests -pl runtime-config -am
	@touch $@

## test: unit tests and integration tests (Pax Exam on Felix and Equinox); PKCS#11 tests need
## SoftHSM2 and OpenSC's pkcs11-tool, the browser test Debian's chromium and chromium-driver: they
## are installed here when missing and run as root with apt-get
test: test-tools
	$(MVN) clean install

TEST_TOOLS := softhsm2-util:softhsm2 pkcs11-tool:opensc chromium:chromium chromedriver:chromium-driver
test-tools:
	@missing=""; for tool in $(TEST_TOOLS); do \
		command -v $${tool%%:*} >/dev/null || missing="$$missing $${tool#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && apt-get install -y -qq $$missing; \
		else \
			echo "make test needs:$$missing (install them, e.g. apt-get install$$missing)" >&2; \
			exit 1; \
		fi; \
	fi

## bench: JMH benchmarks; pass JMH options in BENCH, e.g. make bench BENCH=Issuance
BENCH ?=
bench:
	$(MVN) -q clean install -DskipTests
	rm -rf bench/target/softhsm && mkdir -p bench/target/softhsm
	SOFTHSM2_CONF=$(CURDIR)/bench/target/softhsm/softhsm2.conf java -jar bench/target/benchmarks.jar -rf json -rff bench/target/jmh-result.json $(BENCH)

## fuzz: each fuzz target for 10 minutes (its @FuzzTest maxDuration), one after the other; a finding fails the run
## and is written to the target's inputs directory, where every later `make test` runs it as a regression seed
FUZZ_TARGETS := \
	bundles/org.edgepki.common:Pkcs11UriFuzzTest \
	bundles/org.edgepki.issuer.est:CertsOnlyFuzzTest \
	bundles/org.edgepki.issuer.local:CsrVerifierFuzzTest \
	bundles/org.edgepki.certstore:CredentialReaderFuzzTest \
	bundles/org.edgepki.config.toml:ConfigTomlFuzzTest \
	bundles/org.edgepki.shell:ControlRequestFuzzTest
fuzz:
	$(MVN) -q clean install -DskipTests
	@for target in $(FUZZ_TARGETS); do \
		echo "== fuzzing $${target#*:} ($${target%%:*})"; \
		JAZZER_FUZZ=1 $(MVN) -pl $${target%%:*} surefire:test -Dtest=$${target#*:} \
			> $${target%%:*}/target/fuzz.log 2>&1 || { tail -40 $${target%%:*}/target/fuzz.log; exit 1; }; \
		grep -E '^Done [0-9]+ runs' $${target%%:*}/target/fuzz.log || tail -5 $${target%%:*}/target/fuzz.log; \
	done

## soak: the gateway under load for 10 minutes (SoakTest, which make test runs for 60 s); its SOAK line has the counts
SOAK_SECONDS ?= 600
soak:
	$(MVN) -q clean install -DskipTests
	$(MVN) -pl itests surefire:test@default-test -Dtest=SoakTest -Dedgepki.soak.seconds=$(SOAK_SECONDS)
	@grep -h '^SOAK' itests/target/surefire-reports-felix/org.edgepki.itests.SoakTest-output.txt

clean:
	$(MVN) -q clean
