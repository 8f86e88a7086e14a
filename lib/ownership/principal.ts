/**
 * An account in a bucket policy: its 12-digit ID, or an IAM or STS principal ARN (S3-compatible stores such as Ceph
 * leave the account empty: arn:aws:iam:::user/NAME).
 */
export const PRINCIPAL = "(\\d{12}|arn:aws[a-z-]*:(iam|sts)::\\d{0,12}:[\\w+=,.@/-]{1,512})";
