import { NotFoundPanel } from "@/components/ui/not-found-panel";

export default function BucketNotFound() {
  return (
    <NotFoundPanel title="No such bucket here">
      This connection does not list a bucket by that name and has never scanned one (or the connection itself
      is not configured). Check the name in the address, or the connection&apos;s credentials under Settings
      and test.
    </NotFoundPanel>
  );
}
