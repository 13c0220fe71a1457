//! Where the panes go on a terminal of a given size. The app needs it to know how far a page
//! scrolls, the views to draw; neither owns it.

use ratatui::layout::Rect;

/// The smallest terminal the TUI draws in.
pub const MIN_SIZE: (u16, u16) = (40, 10);
/// From this width on, the list sits left of the page instead of above it.
const SIDE_BY_SIDE: u16 = 120;

/// Where the panes go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub list: Rect,
    pub page: Rect,
    pub status: Rect,
    pub side_by_side: bool,
}

/// The panes for a `width` x `height` terminal with the list taking `ratio` percent; `None`
/// when the terminal is too small.
pub fn layout(width: u16, height: u16, ratio: u16) -> Option<Panes> {
    if width < MIN_SIZE.0 || height < MIN_SIZE.1 {
        return None;
    }
    let main = height - 1;
    let status = Rect::new(0, main, width, 1);
    if width >= SIDE_BY_SIDE {
        let w = (width * ratio / 100).clamp(30, width - 40);
        Some(Panes {
            list: Rect::new(0, 0, w, main),
            page: Rect::new(w, 0, width - w, main),
            status,
            side_by_side: true,
        })
    } else {
        let h = (main * ratio / 100).clamp(3, main - 4);
        Some(Panes {
            list: Rect::new(0, 0, width, h),
            page: Rect::new(0, h, width, main - h),
            status,
            side_by_side: false,
        })
    }
}
