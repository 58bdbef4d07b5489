package dev.llmkit.server.retrieval.pgvector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.store.embedding.pgvector.PgVectorEmbeddingStore;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodType;
import java.lang.reflect.Executable;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * {@code langchain4j-pgvector} 1.11.0-beta19 was compiled against {@code langchain4j-core} 1.11.0;
 * llmkit runs it on core 1.19 (and on the project's Jackson 2.21 and PostgreSQL driver 42.7.14
 * instead of the 2.20 / 42.7.7 it names). This reads every class file of the module and checks that
 * each method and field it references outside its own package and the JDK exists on this classpath
 * with the same descriptor, i.e. that no call can end in {@link NoSuchMethodError} or {@link
 * NoSuchFieldError}.
 */
class PgVectorLinkageTest {

  private static final String OWN_PACKAGE = "dev/langchain4j/store/embedding/pgvector/";

  /** A reference from the constant pool: kind (9 field, 10 method, 11 interface method). */
  private record Ref(int kind, String owner, String name, String descriptor) {
    @Override
    public String toString() {
      return owner.replace('/', '.') + "." + name + descriptor;
    }
  }

  @Test
  void everyLibraryMethodAndFieldThePgvectorModuleUsesExistsOnTheClasspath() throws Exception {
    Path jar =
        Path.of(
            PgVectorEmbeddingStore.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    List<Ref> refs = new ArrayList<>();
    try (JarFile jf = new JarFile(jar.toFile())) {
      for (JarEntry e : jf.stream().toList()) {
        if (e.getName().endsWith(".class")) {
          try (InputStream in = jf.getInputStream(e)) {
            refs.addAll(references(in));
          }
        }
      }
    }
    List<Ref> core =
        refs.stream()
            .filter(r -> !r.owner().startsWith(OWN_PACKAGE))
            .filter(r -> !r.owner().startsWith("java/") && !r.owner().startsWith("javax/"))
            .distinct()
            .toList();
    TreeSet<String> missing = new TreeSet<>();
    for (Ref r : core) {
      if (!resolves(r)) {
        missing.add(r.toString());
      }
    }
    assertThat(core)
        .as("library references found in the module")
        .hasSizeGreaterThan(40)
        .anyMatch(r -> r.owner().startsWith("com/fasterxml/jackson/"))
        .anyMatch(r -> r.owner().startsWith("org/postgresql/"));
    assertThat(missing).as("references missing from the libraries on the classpath").isEmpty();
  }

  private static boolean resolves(Ref r) {
    ClassLoader loader = PgVectorLinkageTest.class.getClassLoader();
    try {
      Class<?> owner = Class.forName(r.owner().replace('/', '.'), false, loader);
      if (r.kind() == 9) {
        Class<?> type =
            MethodType.fromMethodDescriptorString("()" + r.descriptor(), loader).returnType();
        for (Class<?> c = owner; c != null; c = c.getSuperclass()) {
          if (Arrays.stream(c.getDeclaredFields())
              .anyMatch(f -> f.getName().equals(r.name()) && f.getType() == type)) {
            return true;
          }
        }
        return false;
      }
      MethodType mt = MethodType.fromMethodDescriptorString(r.descriptor(), loader);
      if (r.name().equals("<init>")) {
        return matches(owner.getDeclaredConstructors(), mt);
      }
      Deque<Class<?>> todo = new ArrayDeque<>(List.of(owner, Object.class));
      while (!todo.isEmpty()) {
        Class<?> c = todo.pop();
        boolean found =
            Arrays.stream(c.getDeclaredMethods())
                .anyMatch(
                    m ->
                        m.getName().equals(r.name())
                            && m.getReturnType() == mt.returnType()
                            && Arrays.equals(m.getParameterTypes(), mt.parameterArray()));
        if (found) {
          return true;
        }
        if (c.getSuperclass() != null) {
          todo.add(c.getSuperclass());
        }
        todo.addAll(List.of(c.getInterfaces()));
      }
      return false;
    } catch (ClassNotFoundException | TypeNotPresentException e) {
      return false;
    }
  }

  private static boolean matches(Executable[] candidates, MethodType mt) {
    return Arrays.stream(candidates)
        .anyMatch(c -> Arrays.equals(c.getParameterTypes(), mt.parameterArray()));
  }

  /** The field and method references of one class file's constant pool (JVMS 4.4). */
  private static List<Ref> references(InputStream classFile) throws IOException {
    DataInputStream in = new DataInputStream(classFile);
    in.readInt(); // magic
    in.readUnsignedShort(); // minor
    in.readUnsignedShort(); // major
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    int[] classNames = new int[count];
    int[][] members = new int[count][]; // {kind, class index, name-and-type index}
    int[][] nameAndTypes = new int[count][];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 3, 4 -> in.readInt();
        case 5, 6 -> {
          in.readLong();
          i++; // takes two slots
        }
        case 7 -> classNames[i] = in.readUnsignedShort();
        case 8, 16, 19, 20 -> in.readUnsignedShort();
        case 9, 10, 11 ->
            members[i] = new int[] {tag, in.readUnsignedShort(), in.readUnsignedShort()};
        case 12 -> nameAndTypes[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
        case 15 -> {
          in.readUnsignedByte();
          in.readUnsignedShort();
        }
        case 17, 18 -> in.readInt();
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    List<Ref> out = new ArrayList<>();
    for (int[] m : members) {
      if (m != null) {
        int[] nat = nameAndTypes[m[2]];
        String owner = utf8[classNames[m[1]]];
        if (!owner.startsWith("[")) {
          out.add(new Ref(m[0], owner, utf8[nat[0]], utf8[nat[1]]));
        }
      }
    }
    return out;
  }
}
