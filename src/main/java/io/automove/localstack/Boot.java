package io.automove.localstack;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The entry point of automove-local.jar: puts the jars of the sibling automove-local-lib/ folder on a class
 * path with this jar, then starts {@link LocalLauncher}. (A manifest Class-Path cannot list them: Maven builds
 * the functions' class path without the local stack's dependencies, on purpose.)
 */
public final class Boot {
    private Boot() {}

    public static void main(String[] args) throws Exception {
        File self = new File(Boot.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        File lib = new File(self.getParentFile(), "automove-local-lib");
        File[] jars = lib.listFiles((dir, name) -> name.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            System.err.println("automove-local: no " + lib + "; build it with: mvn -q -DskipTests package");
            System.exit(2);
        }
        Arrays.sort(jars);
        List<URL> urls = new ArrayList<>();
        urls.add(self.toURI().toURL());
        for (File jar : jars) urls.add(jar.toURI().toURL());
        ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        loader.loadClass("io.automove.localstack.LocalLauncher").getMethod("main", String[].class).invoke(null, (Object) args);
    }
}
