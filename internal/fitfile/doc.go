// Package fitfile writes small FIT files byte by byte, for tests only: the
// oddities legwork must read (12-byte headers, 14-byte headers whose header
// CRC is 0, chained sequences, compressed-timestamp records, developer
// fields, fields wider than the profile says, sessions without records,
// records without sessions, multisport files) and the damage it must report
// (a bad CRC, a truncated file), made by the project itself so that each
// test states exactly what the file holds.
//
// A Sequence is one FIT file: definitions and data messages in the order
// they are written, framed by a header and the file CRC when Bytes is
// called. Chain joins sequences into one chained file. The message helpers
// (FileID, Record, Session…) write the common messages with fixed local
// message numbers; Define, Data and Compressed write anything else.
//
// Nothing here checks that a file is valid: writing nonsense is the point.
// Times are FIT date_time values (seconds since 1989-12-31T00:00:00Z; see
// Time), positions are degrees, distances meters, durations seconds.
package fitfile
