package io.sigil.service;

/** The version of the running build, from the jar manifest when packaged. */
public final class Version {
    private Version() {
    }

    public static String current() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
