# Multi-stage: build with the Maven wrapper on a JDK, run on a JRE as a non-root user
# (the embedded PostgreSQL refuses to run as root, and so should the runtime).
# Java 25: the code is Java 17 (--release 17), but on 21+ requests run on virtual threads, which more than
# halves the runtime's CPU per call (bench/README.md, "Issue 16, third round").
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -ntp dependency:go-offline
COPY src src
# The built-in connectors go into the jar (pom.xml copies them under classpath:builtin/).
COPY config/connectors config/connectors
COPY routes routes
COPY kamelets kamelets
RUN ./mvnw -B -ntp -DskipTests package && cp target/automators-connectors-*-exec.jar /src/app.jar

FROM eclipse-temurin:25-jre
RUN groupadd --system automators && useradd --system --gid automators --home /app automators
WORKDIR /app
COPY --from=build /src/app.jar app.jar
# No config/, routes/ or kamelets/ here: the built-in connectors are in the jar. An operator may mount
# overlays at /app/config/connectors, /app/routes, /app/kamelets (a file with a built-in's name or
# relative path replaces it, others are added; the start log lists them) and /app/config/application.yaml.
RUN mkdir -p data && chown -R automators:automators /app
USER automators
# ./data holds the embedded PostgreSQL and generated secrets; mount it, or set DATABASE_URL.
VOLUME ["/app/data"]
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "app.jar"]
