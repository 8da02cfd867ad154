//! The data model shared by every stage: dates, issue references, and parsed minutes.
//!
//! Values only; no I/O. Parsing lives in `minutes`, cross-linking in `archive`.

mod names;

pub use names::{
    parse_repo_path, NameError, NameOf, Owner, Problem, RepoName, MAX_OWNER_LEN, MAX_REPO_LEN,
};

use serde::Serialize;
use std::fmt;

/// A number's decimal digits, zero-padded to a width, on the stack. Dates and issue numbers are
/// written into nearly every link of every page: through `format!` they were about a tenth of
/// a 10k-meeting build, mostly the formatting machinery's padding path.
pub struct Decimal {
    buf: [u8; 24],
    start: usize,
}

impl Decimal {
    /// `n` with at least `width` digits (at most 24).
    pub fn new(mut n: u64, width: usize) -> Decimal {
        let mut buf = [b'0'; 24];
        let mut start = buf.len();
        for slot in buf.iter_mut().rev() {
            *slot = b'0' + (n % 10) as u8;
            n /= 10;
            start -= 1;
            if n == 0 {
                break;
            }
        }
        // The buffer starts as zeros: widening is moving the start left.
        let start = start.min(buf.len().saturating_sub(width));
        Decimal { buf, start }
    }

    /// Appends the digits to `out`, one ASCII character at a time: cheaper for a handful of
    /// digits than checking them as UTF-8 for [`as_str`](Decimal::as_str).
    pub fn push_to(&self, out: &mut String) {
        let digits = self.buf.get(self.start..).unwrap_or_default();
        out.extend(digits.iter().map(|&b| char::from(b)));
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII digits were written.
        std::str::from_utf8(self.buf.get(self.start..).unwrap_or_default()).unwrap_or_default()
    }
}

/// Appends `n` in decimal, zero-padded to `width` digits.
pub fn push_decimal(out: &mut String, n: u64, width: usize) {
    Decimal::new(n, width).push_to(out);
}

/// [`push_decimal`] for a signed number, as `{:0width$}` writes it.
pub fn push_signed(out: &mut String, n: i64, width: usize) {
    match u64::try_from(n) {
        Ok(n) => push_decimal(out, n, width),
        Err(_) => out.push_str(&format!("{n:0width$}")),
    }
}

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
        let mut out = String::with_capacity(7);
        push_year(&mut out, self.year);
        out.push('-');
        push_decimal(&mut out, u64::from(self.month), 2);
        out
    }

    /// `YYYY-MM-DD`: what `to_string` gives, in one allocation of the right size (dates are
    /// written into nearly every page many times over).
    pub fn iso(self) -> String {
        let mut out = String::with_capacity(10);
        self.push_iso(&mut out);
        out
    }

    /// Appends `YYYY-MM-DD`.
    pub fn push_iso(self, out: &mut String) {
        // Every date of a real archive: ten digits and dashes at once, not three numbers
        // through the general zero-padding path (dates are in nearly every link and feed).
        if let (Ok(year @ 0..=9999), 0..=99, 0..=99) =
            (u32::try_from(self.year), self.month, self.day)
        {
            let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
            let (m, d) = (self.month, self.day);
            out.extend([
                digit(year / 1000),
                digit(year / 100),
                digit(year / 10),
                digit(year),
                '-',
                digit(m / 10),
                digit(m),
                '-',
                digit(d / 10),
                digit(d),
            ]);
            return;
        }
        push_year(out, self.year);
        out.push('-');
        push_decimal(out, u64::from(self.month), 2);
        out.push('-');
        push_decimal(out, u64::from(self.day), 2);
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
        let mut out = String::with_capacity(12);
        out.push_str(name);
        out.push(' ');
        push_decimal(&mut out, u64::from(self.day), 1);
        out.push_str(", ");
        push_year(&mut out, self.year);
        out
    }
}

/// Appends a year as `{:04}` would (negative years do not occur: [`Date::new`] refuses them).
fn push_year(out: &mut String, year: i32) {
    push_signed(out, i64::from(year), 4);
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
        f.write_str(&self.iso())
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

/// A reference to one GitHub issue, PR or discussion. `owner` and `repo` are validated names,
/// lower-case (GitHub names are case-insensitive), after aliases are applied; the key is
/// `owner/repo#N`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct IssueRef {
    pub owner: Owner,
    pub repo: RepoName,
    pub number: u64,
    pub kind: RefKind,
}

impl IssueRef {
    pub fn new(owner: Owner, repo: RepoName, number: u64, kind: RefKind) -> IssueRef {
        IssueRef {
            owner,
            repo,
            number,
            kind,
        }
    }

    /// A reference from names not yet checked; an error when either is not a GitHub name.
    pub fn parse(
        owner: &str,
        repo: &str,
        number: u64,
        kind: RefKind,
    ) -> Result<IssueRef, NameError> {
        Ok(IssueRef::new(
            Owner::parse(owner)?,
            RepoName::parse(repo)?,
            number,
            kind,
        ))
    }

    /// `owner/repo#N`, the identity of an issue across the whole site.
    pub fn key(&self) -> String {
        let mut out = self.repo_key_with(24);
        out.push('#');
        push_decimal(&mut out, self.number, 1);
        out
    }

    /// `owner/repo`.
    pub fn repo_key(&self) -> String {
        self.repo_key_with(0)
    }

    /// `owner/repo` with room for `more` bytes after it.
    fn repo_key_with(&self, more: usize) -> String {
        let mut out = String::with_capacity(self.owner.len() + self.repo.len() + 1 + more);
        out.push_str(&self.owner);
        out.push('/');
        out.push_str(&self.repo);
        out
    }

    pub fn github_url(&self) -> String {
        let segment = self.kind.github_segment();
        let mut out =
            String::with_capacity(19 + self.owner.len() + self.repo.len() + segment.len() + 24);
        out.push_str("https://github.com/");
        out.push_str(&self.owner);
        out.push('/');
        out.push_str(&self.repo);
        out.push('/');
        out.push_str(segment);
        out.push('/');
        push_decimal(&mut out, self.number, 1);
        out
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
    /// Listed under "ran out of time / did not discuss": on the agenda, not talked about.
    NotDiscussed,
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
            Status::NotDiscussed => "not discussed",
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
            Status::NotDiscussed => "not-discussed",
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

/// A reference written in the notes of another agenda item (or in the minutes' prose outside
/// any item): the issue was mentioned at the meeting, not discussed as an item of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoteMention {
    pub reference: IssueRef,
    /// 1-based source line of the reference.
    pub line: usize,
    /// The agenda item whose notes hold it, if any.
    pub under: Option<IssueRef>,
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
    /// People listed as absent (`Apologies:`, `Regrets:`, `Absent`): shown, not attendance.
    pub absent: Vec<Attendee>,
    pub items: Vec<AgendaItem>,
    /// References in the notes of other items (and in prose outside any item), in line order.
    pub mentions: Vec<NoteMention>,
    /// The date in the file name (or its folder), when there is one: linking falls back to it
    /// when the title's date was copied from another meeting.
    pub name_date: Option<Date>,
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
mod tests;
