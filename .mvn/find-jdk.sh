# Sourced by ./mvnw, ./sigil and .ci/run: makes JAVA_HOME point at a JDK 25 or newer.
# Order: JAVA_HOME if it is already 25+, then `java` on the PATH, then the usual JVM
# directories (Debian's /usr/lib/jvm, SDKMAN, macOS). Micronaut 5 compiles only on JDK 25.
sigil_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1 | cut -d. -f1
}
sigil_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" \
      "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
      /usr/lib/jvm/temurin-2[5-9]* /usr/lib/jvm/java-2[5-9]* /usr/lib/jvm/jdk-2[5-9]* \
      "$HOME"/.sdkman/candidates/java/2[5-9]* /Library/Java/JavaVirtualMachines/*2[5-9]*/Contents/Home; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(sigil_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 25 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}
if SIGIL_JDK=$(sigil_find_jdk); then
  export JAVA_HOME="$SIGIL_JDK"
  export PATH="$JAVA_HOME/bin:$PATH"
else
  echo "Sigil needs a JDK 25 or newer (Micronaut 5 compiles only with release 25)." >&2
  echo "None found in JAVA_HOME, on the PATH, or under /usr/lib/jvm. Install one (e.g. Temurin 25)" >&2
  echo "and set JAVA_HOME to it." >&2
  exit 1
fi
