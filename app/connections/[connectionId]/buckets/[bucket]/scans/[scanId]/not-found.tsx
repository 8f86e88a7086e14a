import { NotFoundPanel } from "@/components/ui/not-found-panel";

export default function ScanNotFound() {
  return (
    <NotFoundPanel title="No such scan of this bucket">
      The scan in the address does not exist, belongs to another bucket, or was made from the command line
      (those stay out of the web views).
    </NotFoundPanel>
  );
}
