package dev.redisinside.sample;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Adding the starter to a fresh Spring Boot project and setting {@code cache.in-memory=true} is all it
 * takes: installs this repository's server, auto-configuration and starter into a temporary local
 * repository (chained to the normal one, which it never writes), generates a minimal Boot application
 * whose only Redis-related line is that property, and runs its {@code @SpringBootTest} with Maven, offline.
 * <p>
 * The install runs on a copy of the sources, so the build running this test keeps its own jars. Skipped
 * when the Maven Wrapper, a JDK or the normal local repository is missing, or with
 * {@code -Dredis-inside.fresh-project.skip=true}.
 */
class FreshProjectTests {

    private static final long TIMEOUT_MINUTES = 5;

    private static final String BOOT_VERSION = "4.1.2";

    private static final List<String> MODULES = List.of("server-engine", "autoconfigure", "starter");

    private Path work;

    @BeforeEach
    void createWorkDirectory() throws IOException {
        this.work = Files.createTempDirectory("redis-inside-fresh-project");
    }

    @AfterEach
    void deleteWorkDirectory() throws IOException {
        if (this.work != null) {
            delete(this.work);
        }
    }

    @Test
    void starterAndSwitchAreAllAFreshBootProjectNeeds() throws Exception {
        assumeTrue(!Boolean.getBoolean("redis-inside.fresh-project.skip"), "skipped by -Dredis-inside.fresh-project.skip");
        Path root = findRoot();
        assumeTrue(root != null, "repository root with mvnw not found above " + Path.of("").toAbsolutePath());
        Path javaHome = Path.of(System.getProperty("java.home"));
        assumeTrue(Files.isExecutable(javaHome.resolve("bin/javac")), "a JDK (javac) is needed to build the fresh project");
        Path normalRepository = Path.of(System.getProperty("user.home"), ".m2", "repository");
        assumeTrue(Files.isDirectory(normalRepository), "no local Maven repository at " + normalRepository);

        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(TIMEOUT_MINUTES);
        Path sources = this.work.resolve("redis-inside");
        copySources(root, sources);
        Path repository = this.work.resolve("repository");
        String[] repositoryFlags = { "-Dmaven.repo.local=" + repository, "-Dmaven.repo.local.tail=" + normalRepository };

        List<String> install = new ArrayList<>(List.of("-B", "-o", "-q", "install", "-pl", "starter", "-am",
                "-Dmaven.test.skip=true", "-Dmaven.javadoc.skip=true", "-Dmaven.source.skip=true"));
        install.addAll(List.of(repositoryFlags));
        run(sources, javaHome, install, deadline, "install of the starter into " + repository);
        assertThat(repository.resolve("dev/redisinside/redis-inside-spring-boot-starter")).isDirectory();

        Path app = this.work.resolve("fresh-app");
        generateApplication(app, projectVersion(root), property(root, "netty.version"));
        List<String> test = new ArrayList<>(List.of("-B", "-o", "-q", "-f", app.resolve("pom.xml").toString(), "test"));
        test.addAll(List.of(repositoryFlags));
        String output = run(sources, javaHome, test, deadline, "mvn test of the fresh application");
        assertThat(app.resolve("target/surefire-reports")).isDirectoryContaining("glob:**TEST-*.xml");
        String report = Files.readString(app.resolve("target/surefire-reports/TEST-demo.DemoApplicationTests.xml"));
        assertThat(report).contains("tests=\"1\"").contains("failures=\"0\"").contains("errors=\"0\"")
            .contains("skipped=\"0\"");
        assertThat(output).doesNotContain("BUILD FAILURE");
    }

    /** Runs the Maven Wrapper of the source copy; returns its output, fails with it on a non-zero exit or timeout. */
    private static String run(Path directory, Path javaHome, List<String> arguments, long deadline, String what)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(directory.resolve("mvnw").toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().remove("MAVEN_OPTS");
        builder.environment().remove("MAVEN_ARGS");
        File log = Files.createTempFile(directory.getParent(), "maven", ".log").toFile();
        builder.redirectOutput(log);
        Process process = builder.start();
        long remaining = deadline - System.nanoTime();
        boolean finished = process.waitFor(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        assertThat(finished).as("%s did not finish within %d minutes:%n%s", what, TIMEOUT_MINUTES, output).isTrue();
        assertThat(process.exitValue()).as("%s failed:%n%s", what, output).isZero();
        return output;
    }

    private static void generateApplication(Path app, String version, String nettyVersion) throws IOException {
        write(app.resolve("pom.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                    <modelVersion>4.0.0</modelVersion>
                    <groupId>demo</groupId>
                    <artifactId>demo</artifactId>
                    <version>1.0</version>
                    <properties>
                        <maven.compiler.release>17</maven.compiler.release>
                        <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                    </properties>
                    <dependencyManagement>
                        <dependencies>
                            <!-- the Netty this repository's build pins (see its pom), so that the build stays offline -->
                            <dependency>
                                <groupId>io.netty</groupId>
                                <artifactId>netty-bom</artifactId>
                                <version>%s</version>
                                <type>pom</type>
                                <scope>import</scope>
                            </dependency>
                            <dependency>
                                <groupId>org.springframework.boot</groupId>
                                <artifactId>spring-boot-dependencies</artifactId>
                                <version>%s</version>
                                <type>pom</type>
                                <scope>import</scope>
                            </dependency>
                        </dependencies>
                    </dependencyManagement>
                    <dependencies>
                        <dependency>
                            <groupId>dev.redisinside</groupId>
                            <artifactId>redis-inside-spring-boot-starter</artifactId>
                            <version>%s</version>
                        </dependency>
                        <dependency>
                            <groupId>org.springframework.boot</groupId>
                            <artifactId>spring-boot-starter-test</artifactId>
                            <scope>test</scope>
                        </dependency>
                    </dependencies>
                    <build>
                        <plugins>
                            <plugin>
                                <groupId>org.apache.maven.plugins</groupId>
                                <artifactId>maven-resources-plugin</artifactId>
                                <version>3.3.1</version>
                            </plugin>
                            <plugin>
                                <groupId>org.apache.maven.plugins</groupId>
                                <artifactId>maven-compiler-plugin</artifactId>
                                <version>3.14.0</version>
                            </plugin>
                            <plugin>
                                <groupId>org.apache.maven.plugins</groupId>
                                <artifactId>maven-surefire-plugin</artifactId>
                                <version>3.5.4</version>
                            </plugin>
                        </plugins>
                    </build>
                </project>
                """.formatted(nettyVersion, BOOT_VERSION, version));
        write(app.resolve("src/main/java/demo/DemoApplication.java"), """
                package demo;

                import org.springframework.boot.SpringApplication;
                import org.springframework.boot.autoconfigure.SpringBootApplication;

                @SpringBootApplication
                public class DemoApplication {

                    public static void main(String[] args) {
                        SpringApplication.run(DemoApplication.class, args);
                    }
                }
                """);
        write(app.resolve("src/main/resources/application.properties"), "cache.in-memory=true\n");
        write(app.resolve("src/test/java/demo/DemoApplicationTests.java"), """
                package demo;

                import org.junit.jupiter.api.Test;

                import org.springframework.beans.factory.annotation.Autowired;
                import org.springframework.boot.test.context.SpringBootTest;
                import org.springframework.data.redis.core.StringRedisTemplate;

                import static org.assertj.core.api.Assertions.assertThat;

                @SpringBootTest
                class DemoApplicationTests {

                    @Autowired
                    StringRedisTemplate redis;

                    @Test
                    void setAndGet() {
                        this.redis.opsForValue().set("greeting", "hello");
                        assertThat(this.redis.opsForValue().get("greeting")).isEqualTo("hello");
                    }
                }
                """);
    }

    /** The directory holding {@code mvnw} and the parent pom listing the starter module. */
    private static Path findRoot() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isExecutable(dir.resolve("mvnw")) && Files.isRegularFile(pom)
                    && Files.readString(pom).contains("<module>starter</module>")) {
                return dir;
            }
        }
        return null;
    }

    private static String projectVersion(Path root) throws IOException {
        String pom = Files.readString(root.resolve("pom.xml"));
        int artifact = pom.indexOf("<artifactId>redis-inside-parent</artifactId>");
        int start = pom.indexOf("<version>", artifact) + "<version>".length();
        return pom.substring(start, pom.indexOf("</version>", start));
    }

    private static String property(Path root, String name) throws IOException {
        String pom = Files.readString(root.resolve("pom.xml"));
        int start = pom.indexOf("<" + name + ">") + name.length() + 2;
        return pom.substring(start, pom.indexOf("</" + name + ">", start));
    }

    /** Copies the wrapper, the parent pom and the installed modules' sources (without their build output). */
    private static void copySources(Path root, Path target) throws IOException {
        Files.createDirectories(target);
        Files.copy(root.resolve("mvnw"), target.resolve("mvnw"));
        // The sample app (whose build may be running this test) is not part of the copy.
        Files.writeString(target.resolve("pom.xml"),
                Files.readString(root.resolve("pom.xml")).replace("<module>sample-app</module>", ""));
        target.resolve("mvnw").toFile().setExecutable(true);
        copyTree(root.resolve(".mvn"), target.resolve(".mvn"));
        for (String module : MODULES) {
            Files.createDirectories(target.resolve(module));
            Files.copy(root.resolve(module).resolve("pom.xml"), target.resolve(module).resolve("pom.xml"));
            // Compiled classes and the compiler's state too, with their times: the install then compiles nothing.
            for (String dir : List.of("src/main", "target/classes", "target/maven-status")) {
                Path source = root.resolve(module).resolve(dir);
                if (Files.isDirectory(source)) {
                    copyTree(source, target.resolve(module).resolve(dir));
                }
            }
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            paths.forEach(path -> {
                Path destination = target.resolve(source.relativize(path).toString());
                try {
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(destination);
                    }
                    else {
                        Files.copy(path, destination, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
        }
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException ex) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
