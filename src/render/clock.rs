//! Where a render's time goes, by kind of page: how many pages of each kind were rendered, the
//! time spent on them summed over threads, and the part of it inside the template engine
//! (`wgsite build --timings` prints it). The rest of a page's time is our own: its view (links,
//! lists, markdown) and turning that view into the template's values.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// A kind of page, as `--timings` counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Meeting,
    Issue,
    Person,
    Initiative,
    Group,
    Home,
    MeetingList,
    IssueList,
    InitiativeList,
    PeopleList,
    GroupList,
    GroupMeetings,
    Actions,
    Decisions,
    Search,
    NotFound,
    IssueFeed,
    InitiativeFeed,
    GroupFeed,
}

impl PageKind {
    /// Every kind, each at its own index (`kind as usize`), in the order [`Clock::take`]
    /// breaks ties in.
    pub const ALL: [PageKind; 19] = [
        PageKind::Meeting,
        PageKind::Issue,
        PageKind::Person,
        PageKind::Initiative,
        PageKind::Group,
        PageKind::Home,
        PageKind::MeetingList,
        PageKind::IssueList,
        PageKind::InitiativeList,
        PageKind::PeopleList,
        PageKind::GroupList,
        PageKind::GroupMeetings,
        PageKind::Actions,
        PageKind::Decisions,
        PageKind::Search,
        PageKind::NotFound,
        PageKind::IssueFeed,
        PageKind::InitiativeFeed,
        PageKind::GroupFeed,
    ];

    pub fn name(self) -> &'static str {
        match self {
            PageKind::Meeting => "meeting",
            PageKind::Issue => "issue",
            PageKind::Person => "person",
            PageKind::Initiative => "initiative",
            PageKind::Group => "group",
            PageKind::Home => "home",
            PageKind::MeetingList => "meeting list",
            PageKind::IssueList => "issue list",
            PageKind::InitiativeList => "initiative list",
            PageKind::PeopleList => "people list",
            PageKind::GroupList => "group list",
            PageKind::GroupMeetings => "group meetings",
            PageKind::Actions => "actions",
            PageKind::Decisions => "decisions",
            PageKind::Search => "search",
            PageKind::NotFound => "404",
            PageKind::IssueFeed => "issue feed",
            PageKind::InitiativeFeed => "initiative feed",
            PageKind::GroupFeed => "group feed",
        }
    }
}

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
    slots: [Slot; PageKind::ALL.len()],
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
    /// Counts one page of kind `kind`.
    pub fn add(&self, kind: PageKind, total: Duration, template: Duration) {
        if let Some(slot) = self.slots.get(kind as usize) {
            slot.pages.fetch_add(1, Ordering::Relaxed);
            slot.total_ns.fetch_add(nanos(total), Ordering::Relaxed);
            slot.template_ns
                .fetch_add(nanos(template), Ordering::Relaxed);
        }
    }

    /// The kinds rendered since the last call, most time first; the counters start again from
    /// zero (`serve` keeps its renderer from one rebuild to the next).
    pub fn take(&self) -> Vec<PageTime> {
        let mut out: Vec<PageTime> = PageKind::ALL
            .iter()
            .zip(&self.slots)
            .filter_map(|(kind, slot)| {
                let pages = slot.pages.swap(0, Ordering::Relaxed);
                let total = Duration::from_nanos(slot.total_ns.swap(0, Ordering::Relaxed));
                let template = Duration::from_nanos(slot.template_ns.swap(0, Ordering::Relaxed));
                (pages > 0).then_some(PageTime {
                    kind: kind.name(),
                    pages,
                    total,
                    template,
                })
            })
            .collect();
        // Stable: equal times keep the order of `PageKind::ALL`.
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
        clock.add(PageKind::Meeting, ms(3), ms(1));
        clock.add(PageKind::Meeting, ms(4), ms(2));
        clock.add(PageKind::Person, ms(20), ms(5));
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

    #[test]
    fn every_kind_has_its_own_slot_and_name() {
        for (i, kind) in PageKind::ALL.iter().enumerate() {
            assert_eq!(*kind as usize, i, "{kind:?}");
        }
        let mut names: Vec<&str> = PageKind::ALL.iter().map(|k| k.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), PageKind::ALL.len());
    }
}
