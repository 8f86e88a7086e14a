import { parquetReadObjects } from "hyparquet";
import { describe, expect, it } from "vitest";
import { JOURNAL_COLUMNS, requestOfJournalRow } from "@/lib/writers/journal";
import { journalFile } from "@/scripts/lab/metadata-journal";

const time = new Date("2024-11-15T23:26:44.899Z");

/** Rows as hyparquet reads them back from a journal file written in the documented schema. */
async function readBack(rows: Parameters<typeof journalFile>[0]) {
  const file = journalFile(rows);
  const buffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
  return (await parquetReadObjects({ file: buffer, columns: [...JOURNAL_COLUMNS] })) as Record<
    string,
    unknown
  >[];
}

describe("a journal row as a write", () => {
  it("takes CREATE rows of the bucket: an account ID is the account, a service principal the invoking service", async () => {
    const rows = await readBack([
      {
        bucket: "b",
        key: "Finance/statement1.pdf",
        recordType: "CREATE",
        time,
        requester: "111122223333",
        size: 6223,
      },
      { bucket: "b", key: "logs/x", recordType: "CREATE", time, requester: "athena.amazonaws.com", size: 1 },
      { bucket: "b", key: "old", recordType: "DELETE", time, requester: "s3.amazonaws.com" },
      { bucket: "b", key: "t", recordType: "UPDATE_METADATA", time, requester: "111122223333" },
      { bucket: "other", key: "k", recordType: "CREATE", time, requester: "111122223333", size: 1 },
    ]);
    const requests = rows.map((r) => requestOfJournalRow(r, "b"));
    expect(requests[0]).toMatchObject({
      source: "metadata-journal",
      time: "2024-11-15T23:26:44.899Z",
      requester: "111122223333",
      accountId: "111122223333",
      operation: "CREATE",
      key: "Finance/statement1.pdf",
      aclSent: null,
      invokedBy: null,
      bytes: 6223,
    });
    expect(requests[1]).toMatchObject({ accountId: null, invokedBy: "athena.amazonaws.com" });
    expect(requests.slice(2)).toEqual([null, null, null]);
  });

  it("refuses rows without a time, dated ahead, or whose requester the journal would not write", () => {
    const row = (o: Record<string, unknown>) =>
      requestOfJournalRow(
        { bucket: "b", record_type: "CREATE", record_timestamp: time, ...o },
        "b",
        time.getTime(),
      );
    expect(row({ requester: "111122223333", record_timestamp: undefined })).toBeNull();
    expect(row({ requester: undefined })).toBeNull();
    expect(row({ requester: "111122223333", record_timestamp: new Date("2099-01-01T00:00:00Z") })).toBeNull();
    expect(row({ requester: "arn:aws:iam::111122223333:role/etl" })).toBeNull();
    expect(row({ requester: "x".repeat(10_000) })).toBeNull();
    expect(row({ requester: "111122223333" })).not.toBeNull();
  });
});
