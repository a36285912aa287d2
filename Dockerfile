# syntax=docker/dockerfile:1
# connect-doctor's image: built with the Maven wrapper, run on a JRE 17 as a non-root user
# from Spring Boot's layered jar (dependencies change rarely, the application often).
#   docker build -t connect-doctor:0.1.0 .
# The paths and entrypoint below are checked by DockerfileIT (./mvnw verify), which runs the
# same extract command on the built jar and starts the service from the extracted layout.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /build
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline
COPY src/ src/
# For git.properties, so /actuator/info shows the commit; it stays in this stage.
COPY .git/ .git/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q package -DskipTests -Dspring-javaformat.skip=true -Djacoco.skip=true \
 && cp target/connect-doctor-*.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --destination extracted

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 doctor \
 && useradd --system --uid 10001 --gid doctor --home-dir /app --shell /usr/sbin/nologin doctor
WORKDIR /app
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
# Class-data sharing: a training run records the classes the application loads, and every
# start maps them from this archive instead of parsing them again (start-up -0.8 s, measured
# in docs/performance.md). The run starts the context and exits before it serves anything.
RUN java -XX:ArchiveClassesAtExit=app.jsa -Dspring.context.exit=onRefresh -jar app.jar --server.port=0 --connect-doctor.connect.url=http://127.0.0.1:9
USER 10001:10001

# A sidecar's JVM (docs/deployment.md): heap at 40 % of the container's memory limit (100 MiB of
# 256 MiB; the rest is class metadata, code, threads and buffers, about 90 MiB measured), the serial
# collector keeping 40 to 70 % of the heap free (room for a storm's changing snapshot without a
# full collection every poll; shrunk back past 70 %), a young generation of a thirteenth of the heap
# (a smaller peak under probe load), the C1 compiler only, on one thread (faster start, less code
# memory, no loss on probes), unpooled Netty buffers (a 5 MB answer from Connect is not kept in a
# pool) and one Netty event loop (the few connections to Connect need no more), two malloc arenas
# instead of one per thread, and an exit rather than a limp on OutOfMemoryError.
# Override with JAVA_TOOL_OPTIONS and MALLOC_ARENA_MAX.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=40 -XX:InitialRAMPercentage=16 -XX:+UseSerialGC -XX:MinHeapFreeRatio=40 -XX:MaxHeapFreeRatio=70 -XX:NewRatio=12 -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xss512k -XX:ReservedCodeCacheSize=48m -XX:SharedArchiveFile=app.jsa -Xshare:auto -Dio.netty.allocator.type=unpooled -Dreactor.netty.ioWorkerCount=1 -XX:+ExitOnOutOfMemoryError" \
    MALLOC_ARENA_MAX=2 \
    HEALTHCHECK_PORT=18083

EXPOSE 18083
# connect-doctor's own liveness (never fails because Connect does), without curl in the image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${HEALTHCHECK_PORT} && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200'"]
ENTRYPOINT ["java", "-jar", "app.jar"]
