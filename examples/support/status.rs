//! This process's memory as the kernel reports it (`/proc/self/status`), for the examples that
//! measure a build.

/// A `/proc/self/status` memory field (`VmRSS`, `VmHWM`, …) in MB; 0 where there is no answer.
pub fn memory_mb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|kb| kb.parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}
