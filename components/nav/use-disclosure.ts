"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef, useState, type FocusEvent, type MouseEvent } from "react";

/**
 * A disclosure (WAI-ARIA APG): a button with aria-expanded and aria-controls
 * that shows and hides the element with `id`. It closes on Escape (focus goes
 * back to the button, so keyboard users are not dropped at the top of the
 * page), when focus or a click leaves it, when one of its links is followed,
 * and on any navigation (it remembers the path it was opened on, so leaving
 * closes it without an effect).
 *
 * Spread `rootProps` on an element holding both the button and the panel.
 */
export function useDisclosure(id: string) {
  const pathname = usePathname();
  const [openAt, setOpenAt] = useState<string | null>(null);
  const open = openAt === pathname;
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    // On the document, not the root: Safari does not focus a clicked button,
    // so a key pressed after opening it by mouse may never reach the root.
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== "Escape") return;
      setOpenAt(null);
      button.current?.focus();
    }
    function onPointerDown(event: PointerEvent) {
      if (event.target instanceof Node && !root.current?.contains(event.target)) setOpenAt(null);
    }
    document.addEventListener("keydown", onKeyDown);
    document.addEventListener("pointerdown", onPointerDown);
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("pointerdown", onPointerDown);
    };
  }, [open]);

  return {
    open,
    rootProps: {
      ref: root,
      // Only when focus moves to something else on the page: switching windows
      // (relatedTarget null) leaves it open, as a person would expect.
      onBlur: (event: FocusEvent) => {
        if (event.relatedTarget instanceof Node && !event.currentTarget.contains(event.relatedTarget)) setOpenAt(null);
      },
    },
    buttonProps: {
      ref: button,
      type: "button" as const,
      "aria-expanded": open,
      "aria-controls": id,
      onClick: () => setOpenAt(open ? null : pathname),
    },
    panelProps: {
      id,
      // A link to the page already shown changes no path: close all the same.
      onClick: (event: MouseEvent) => {
        if (event.target instanceof Element && event.target.closest("a")) setOpenAt(null);
      },
    },
  };
}
