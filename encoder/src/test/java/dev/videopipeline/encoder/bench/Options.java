package dev.videopipeline.encoder.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} pairs over integer defaults; an unknown name is refused. */
final class Options {

    private Options() {
    }

    static Map<String, Integer> parse(String[] args, Map<String, Integer> defaults) {
        Map<String, Integer> options = new HashMap<>(defaults);
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].replaceFirst("^--", "");
            if (!defaults.containsKey(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: " + defaults.keySet().stream().map(n -> "--" + n + " N")
                        .toList() + "; got " + args[i]);
            }
            options.put(name, Integer.parseInt(args[i + 1]));
        }
        return options;
    }
}
