//! Where a render's time goes, by kind of page: how many pages of each kind were rendered, the
//! time spent on them summed over threads, and the part of it inside the template engine
//! (`wgsite build --timings` prints it). The rest of a page's time is our own: its view (links,
//! lists, markdown) and turning that view into the template's values.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The kinds of pages, in the order [`Clock::take`] breaks ties in.
pub const KINDS: [&str; 19] = [
    "meeting",
    "issue",
    "person",
    "initiative",
    "group",
    "home",
    "meeting list",
    "issue list",
    "initiative list",
    "people list",
    "group list",
    "group meetings",
    "actions",
    "decisions",
    "search",
    "404",
    "issue feed",
    "initiative feed",
    "group feed",
];

/// The time of one kind of page, summed over the pages rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageTime {
    pub kind: &'static str,
    pub pages: u64,
    /// Time from the page's start to its bytes, summed over threads (so it can exceed the
    /// render's wall time).
    pub total: Duration,
    /// The part of `total` inside the template engine (zero for feeds, written without one).
    pub template: Duration,
}

/// Counters by kind of page, shared by the threads rendering (a [`super::Renderer`] owns one).
#[derive(Default)]
pub struct Clock {
    slots: [Slot; KINDS.len()],
}

#[derive(Default)]
struct Slot {
    pages: AtomicU64,
    total_ns: AtomicU64,
    template_ns: AtomicU64,
}

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

impl Clock {
    /// Counts one page of kind `kind` (an index into [`KINDS`]; others are ignored).
    pub fn add(&self, kind: usize, total: Duration, template: Duration) {
        if let Some(slot) = self.slots.get(kind) {
            slot.pages.fetch_add(1, Ordering::Relaxed);
            slot.total_ns.fetch_add(nanos(total), Ordering::Relaxed);
            slot.template_ns
                .fetch_add(nanos(template), Ordering::Relaxed);
        }
    }

    /// The kinds rendered since the last call, most time first; the counters start again from
    /// zero (`serve` keeps its renderer from one rebuild to the next).
    pub fn take(&self) -> Vec<PageTime> {
        let mut out: Vec<PageTime> = KINDS
            .iter()
            .zip(&self.slots)
            .filter_map(|(kind, slot)| {
                let pages = slot.pages.swap(0, Ordering::Relaxed);
                let total = Duration::from_nanos(slot.total_ns.swap(0, Ordering::Relaxed));
                let template = Duration::from_nanos(slot.template_ns.swap(0, Ordering::Relaxed));
                (pages > 0).then_some(PageTime {
                    kind,
                    pages,
                    total,
                    template,
                })
            })
            .collect();
        // Stable: equal times keep the order of `KINDS`.
        out.sort_by_key(|p| std::cmp::Reverse(p.total));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_summed_by_kind_and_listed_most_time_first() {
        let clock = Clock::default();
        let ms = Duration::from_millis;
        clock.add(0, ms(3), ms(1));
        clock.add(0, ms(4), ms(2));
        clock.add(2, ms(20), ms(5));
        clock.add(KINDS.len(), ms(99), ms(99));
        let times = clock.take();
        assert_eq!(
            times,
            vec![
                PageTime {
                    kind: "person",
                    pages: 1,
                    total: ms(20),
                    template: ms(5)
                },
                PageTime {
                    kind: "meeting",
                    pages: 2,
                    total: ms(7),
                    template: ms(3)
                },
            ]
        );
        assert!(clock.take().is_empty(), "taking starts the counts again");
    }
}
