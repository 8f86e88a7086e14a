import Link from "next/link";
import { NotFoundPanel } from "@/components/ui/not-found-panel";

export default function BucketNotFound() {
  return (
    <NotFoundPanel title="No such bucket or connection here">
      Either the connection in the address is not configured here (the configured ones are under{" "}
      <Link href="/settings" className="underline">
        Settings
      </Link>
      ), or it does not list a bucket by that name and has never scanned one: check the name, or the
      connection&apos;s credentials with its Test.
    </NotFoundPanel>
  );
}
