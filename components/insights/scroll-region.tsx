"use client";

import { type ReactNode, useEffect, useRef, useState } from "react";

// Wide tables scroll sideways on a phone. The region can take focus (so a
// keyboard can scroll it with the arrow keys) and is named after its table;
// while it overflows, a hint says so and the edges cast a shadow where more
// columns hide. It is `relative` so the visually hidden (absolutely
// positioned) texts inside its table are clipped with it, instead of widening
// the whole page on a phone.

const SHADOWS: React.CSSProperties = {
  backgroundImage: [
    "linear-gradient(to right, #fff 30%, rgba(255,255,255,0))",
    "linear-gradient(to left, #fff 30%, rgba(255,255,255,0))",
    "radial-gradient(farthest-side at 0 50%, rgba(15,23,42,0.18), rgba(15,23,42,0))",
    "radial-gradient(farthest-side at 100% 50%, rgba(15,23,42,0.18), rgba(15,23,42,0))",
  ].join(","),
  backgroundPosition: "0 0, 100% 0, 0 0, 100% 0",
  backgroundRepeat: "no-repeat",
  backgroundSize: "40px 100%, 40px 100%, 14px 100%, 14px 100%",
  // The white covers move with the content, the shadows stay: a shadow shows only where content is hidden.
  backgroundAttachment: "local, local, scroll, scroll",
};

export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);

  useEffect(() => {
    const node = ref.current;
    if (!node) return;
    const measure = () => setOverflows(node.scrollWidth > node.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(node);
    return () => observer.disconnect();
  }, []);

  return (
    <div>
      {overflows && (
        <p className="mb-1 flex items-center gap-1 text-xs text-slate-600">
          <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4" fill="currentColor">
            <path d="M4.7 9.3 7.3 6.7a1 1 0 0 0-1.4-1.4l-4 4a1 1 0 0 0 0 1.4l4 4a1 1 0 0 0 1.4-1.4L4.7 11.3h10.6l-2.6 2.6a1 1 0 0 0 1.4 1.4l4-4a1 1 0 0 0 0-1.4l-4-4a1 1 0 0 0-1.4 1.4l2.6 2.6H4.7Z" />
          </svg>
          Scroll sideways to see every column.
        </p>
      )}
      <div ref={ref} role="region" aria-label={label} tabIndex={0} className="relative overflow-x-auto rounded-md" style={SHADOWS}>
        {children}
      </div>
    </div>
  );
}
