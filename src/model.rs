//! The data model shared by every stage: dates, issue references, and parsed minutes.
//!
//! Values only; no I/O. Parsing lives in `minutes`, cross-linking in `archive`.

use serde::Serialize;
use std::fmt;

/// A calendar date (proleptic Gregorian), ordered chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// A valid date, or `None` (`2023-18-12`, `2023-02-30`).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1900..=2999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before); used for "within N days" questions.
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil algorithm.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (before it if negative): the inverse of
    /// [`Date::days_since_epoch`], or `None` outside the years [`Date::new`] accepts.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        // Howard Hinnant's civil_from_days algorithm. Euclidean division so days before 1970
        // need no special case; the only step that can overflow is the shift, checked because
        // `days` can come from outside (SOURCE_DATE_EPOCH).
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(
            i32::try_from(year).ok()?,
            u32::try_from(month).ok()?,
            u32::try_from(day).ok()?,
        )
    }

    /// `YYYY-MM`, the month facet value.
    pub fn month_key(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// `Dec 2, 2016`-style, for people.
    pub fn human(self) -> String {
        const NAMES: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let name = NAMES
            .get(self.month.saturating_sub(1) as usize)
            .copied()
            .unwrap_or("?");
        format!("{} {}, {}", name, self.day, self.year)
    }
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// What a GitHub reference points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RefKind {
    Issue,
    Pull,
    Discussion,
}

impl RefKind {
    pub fn label(self) -> &'static str {
        match self {
            RefKind::Issue => "issue",
            RefKind::Pull => "pull request",
            RefKind::Discussion => "discussion",
        }
    }

    /// The path segment GitHub uses (`issues`, `pull`, `discussions`).
    pub fn github_segment(self) -> &'static str {
        match self {
            RefKind::Issue => "issues",
            RefKind::Pull => "pull",
            RefKind::Discussion => "discussions",
        }
    }
}

/// A reference to one GitHub issue, PR or discussion. `owner` and `repo` are stored lower-case
/// (GitHub names are case-insensitive) after aliases are applied; the key is `owner/repo#N`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct IssueRef {
    pub owner: String,
    pub repo: String,
    pub number: u64,
    pub kind: RefKind,
}

impl IssueRef {
    pub fn new(owner: &str, repo: &str, number: u64, kind: RefKind) -> IssueRef {
        IssueRef {
            owner: owner.to_ascii_lowercase(),
            repo: repo.to_ascii_lowercase(),
            number,
            kind,
        }
    }

    /// `owner/repo#N`, the identity of an issue across the whole site.
    pub fn key(&self) -> String {
        format!("{}/{}#{}", self.owner, self.repo, self.number)
    }

    /// `owner/repo`.
    pub fn repo_key(&self) -> String {
        format!("{}/{}", self.owner, self.repo)
    }

    pub fn github_url(&self) -> String {
        format!(
            "https://github.com/{}/{}/{}/{}",
            self.owner,
            self.repo,
            self.kind.github_segment(),
            self.number
        )
    }

    /// Site path of the issue page, relative to the site root (`issues/owner/repo/N/`).
    pub fn page_path(&self) -> String {
        format!("issues/{}/{}/{}/", self.owner, self.repo, self.number)
    }
}

/// A free-text status recognised in an item's notes; the text itself is kept beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Removed,
    Skipped,
    NoUpdate,
    Closed,
    Merged,
    StruckOut,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Removed => "removed from agenda",
            Status::Skipped => "skipped",
            Status::NoUpdate => "no update",
            Status::Closed => "closed",
            Status::Merged => "merged",
            Status::StruckOut => "struck out",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Status::Removed => "removed",
            Status::Skipped => "skipped",
            Status::NoUpdate => "no-update",
            Status::Closed => "closed",
            Status::Merged => "merged",
            Status::StruckOut => "struck-out",
        }
    }
}

/// One person listed as present.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attendee {
    /// The name as written (may be empty when only a handle is given).
    pub name: String,
    /// GitHub handle without `@`, as written (case kept for display).
    pub handle: Option<String>,
    /// Text in trailing parentheses that is not a handle, e.g. `(guest)`.
    pub role: Option<String>,
}

impl Attendee {
    /// The key people are merged by: the lower-case handle, else the lower-case name.
    pub fn key(&self) -> String {
        match &self.handle {
            Some(h) => h.to_ascii_lowercase(),
            None => slugify(&self.name),
        }
    }
}

/// One agenda item: an issue discussed at a meeting, with the notes taken under it.
#[derive(Debug, Clone, Serialize)]
pub struct AgendaItem {
    pub reference: IssueRef,
    /// The first line, with the reference removed and markdown escapes undone.
    pub title: String,
    /// Markdown of the notes, de-indented.
    pub notes_md: String,
    pub status: Option<Status>,
    /// The line of the notes (or title) the status was recognised in.
    pub status_text: Option<String>,
    /// 1-based source line of the item.
    pub line: usize,
    /// The repo heading the item sat under, if any.
    pub section: Option<String>,
}

/// Meeting links from the `## Links` section (or anywhere in the header).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MeetingLinks {
    pub recording: Option<String>,
    pub issue: Option<String>,
    pub doc: Option<String>,
}

/// Where a meeting's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateSource {
    Override,
    FrontMatter,
    Title,
    FileName,
    Folder,
}

/// One parsed minutes file.
#[derive(Debug, Clone, Serialize)]
pub struct Minutes {
    /// Source path relative to the content folder, `/`-separated.
    pub source: String,
    pub group: String,
    pub date: Date,
    pub date_source: DateSource,
    pub title: String,
    pub draft: bool,
    pub links: MeetingLinks,
    pub attendees: Vec<Attendee>,
    pub items: Vec<AgendaItem>,
    /// The whole body (front matter removed), normalised markdown.
    pub body_md: String,
    /// The file line (1-based) of the body's first line (after any front matter).
    pub body_line: usize,
}

/// A URL-safe slug: lower-case ASCII letters, digits and single dashes.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() || c == '_' {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_impossible_dates() {
        assert!(Date::new(2023, 18, 12).is_none());
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(2024, 2, 29).is_some());
    }

    #[test]
    fn counts_days_since_epoch() {
        assert_eq!(Date::new(1970, 1, 1).map(Date::days_since_epoch), Some(0));
        assert_eq!(
            Date::new(2000, 3, 1).map(Date::days_since_epoch),
            Some(11_017)
        );
    }

    #[test]
    fn converts_days_to_dates() {
        assert_eq!(Date::from_days_since_epoch(0), Date::new(1970, 1, 1));
        assert_eq!(Date::from_days_since_epoch(-1), Date::new(1969, 12, 31));
        assert_eq!(Date::from_days_since_epoch(11_016), Date::new(2000, 2, 29));
        assert_eq!(Date::from_days_since_epoch(11_017), Date::new(2000, 3, 1));
        assert_eq!(Date::from_days_since_epoch(19_789), Date::new(2024, 3, 7));
        // 1900 is not a leap year (divisible by 100), 2000 is (divisible by 400).
        let feb_28_1900 = Date::new(1900, 2, 28).map(Date::days_since_epoch);
        assert_eq!(
            feb_28_1900.and_then(|d| Date::from_days_since_epoch(d + 1)),
            Date::new(1900, 3, 1)
        );
        assert_eq!(
            Date::new(2024, 2, 28)
                .map(Date::days_since_epoch)
                .and_then(|d| Date::from_days_since_epoch(d + 1)),
            Date::new(2024, 2, 29)
        );
    }

    #[test]
    fn days_round_trip_over_every_accepted_day() {
        let first = Date::new(1900, 1, 1).map(Date::days_since_epoch);
        let last = Date::new(2999, 12, 31).map(Date::days_since_epoch);
        let (Some(first), Some(last)) = (first, last) else {
            panic!("the range's ends are valid dates");
        };
        assert!(first < 0, "negative days are in range: {first}");
        let mut previous: Option<Date> = None;
        for days in first..=last {
            let date = Date::from_days_since_epoch(days)
                .unwrap_or_else(|| panic!("day {days} is in range"));
            assert_eq!(date.days_since_epoch(), days);
            // Consecutive days give consecutive dates, so no date is skipped or repeated.
            if let Some(p) = previous {
                assert!(p < date, "{p} then {date}");
            }
            previous = Some(date);
        }
        assert_eq!(previous, Date::new(2999, 12, 31));
    }

    #[test]
    fn days_outside_the_accepted_years_are_none() {
        for days in [i64::MIN, -1_000_000, 400_000, i64::MAX] {
            assert_eq!(Date::from_days_since_epoch(days), None, "{days}");
        }
        let before = Date::new(1900, 1, 1).map(|d| d.days_since_epoch() - 1);
        let after = Date::new(2999, 12, 31).map(|d| d.days_since_epoch() + 1);
        assert_eq!(before.and_then(Date::from_days_since_epoch), None);
        assert_eq!(after.and_then(Date::from_days_since_epoch), None);
    }

    #[test]
    fn issue_keys_are_lower_case() {
        let r = IssueRef::new("NodeJS", "TSC", 423, RefKind::Issue);
        assert_eq!(r.key(), "nodejs/tsc#423");
        assert_eq!(r.page_path(), "issues/nodejs/tsc/423/");
    }

    #[test]
    fn slugifies_names() {
        assert_eq!(slugify("Tierney  Cyren!"), "tierney-cyren");
        assert_eq!(slugify("  Blyžė Name "), "bly-name");
    }
}
