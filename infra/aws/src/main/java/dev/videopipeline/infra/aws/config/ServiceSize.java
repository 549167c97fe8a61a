package dev.videopipeline.infra.aws.config;

/**
 * A Fargate task size and how many tasks a service may run.
 *
 * @param cpu       CPU units (1024 = one vCPU)
 * @param memoryMib memory in MiB (a valid Fargate pair with cpu)
 * @param minTasks  tasks at the least
 * @param maxTasks  tasks at the most
 */
public record ServiceSize(int cpu, int memoryMib, int minTasks, int maxTasks) {

    public ServiceSize {
        if (minTasks < 0 || maxTasks < Math.max(1, minTasks)) {
            throw new IllegalArgumentException("tasks must be 0 <= min <= max, max >= 1: " + minTasks + ".." + maxTasks);
        }
    }
}
