"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** The product's places, in the header of every page; the current one is marked. Users is for admins. */
export function AppNav({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  const places = [
    { href: "/", label: "Overview", current: pathname === "/" || pathname.startsWith("/connections/") },
    { href: "/fleet", label: "Fleet", current: pathname.startsWith("/fleet") },
    { href: "/alerts", label: "Alerts", current: pathname.startsWith("/alerts") },
    { href: "/schedules", label: "Schedules", current: pathname.startsWith("/schedules") },
    ...(isAdmin ? [{ href: "/users", label: "Users", current: pathname.startsWith("/users") }] : []),
    { href: "/settings", label: "Settings", current: pathname.startsWith("/settings") },
  ];
  return (
    <nav
      aria-label="Main"
      className="order-last -mx-1 w-full overflow-x-auto overflow-y-hidden sm:order-none sm:w-auto"
    >
      <ul className="flex gap-1 text-sm whitespace-nowrap">
        {places.map((p) => (
          <li key={p.href}>
            <Link
              href={p.href}
              aria-current={p.current ? "page" : undefined}
              className={`block rounded-md px-2 py-1 ${p.current ? "bg-slate-100 font-medium text-slate-900" : "text-sky-700 hover:bg-slate-50"}`}
            >
              {p.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
