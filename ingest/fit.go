package ingest

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/profile/typedef"
)

// errBadCRC is the cause of a DecodeError for a FIT sequence whose stored
// file CRC does not match its bytes.
var errBadCRC = errors.New("file CRC mismatch")

// DecodeFIT decodes every FIT sequence in r and returns one Activity per
// session, in file order. source names the file in errors and in
// Activity.Source; Activity.ID is left for Read to set.
//
// Only activity files are read, recognized by file_id.type; any other type
// (settings, monitoring, course…) is skipped after its header and file_id,
// and the result is a *DecodeError wrapping ErrNoActivity whose text is the
// reason ("settings file, not an activity"). A file_id without a type, or
// with one the FIT profile does not define, is read like an activity file
// when its sequence holds a session or timed records (with a warning), and
// skipped otherwise (METRICS.md, Sessions). Sequences without a file_id
// continue the file type of the sequence before them (Garmin appends HRM
// data that way). Transition sessions are not activities but keep their
// place in Activity.Session, which counts every session message of the file
// from 0, in file order.
//
// Session values are the device's: Start is start_time (UTC), Elapsed
// total_elapsed_time, Moving total_timer_time (0 when absent; when the timer
// exceeds the elapsed time by more than 2 s and 1% the two are swapped, with
// a warning), DistanceM total_distance, else the last record distance of the
// session (minus the first when the file has several sessions, whose record
// distances run on), else the great-circle sum of its fixes with GPS jumps
// dropped. Heart rates come from the session, else from the samples.
// When start_time + total_elapsed_time lies more than an hour from the span
// of the session's records at either end (a total_elapsed_time of 49.7
// days), Start and Elapsed are the records' span instead, with a warning
// (METRICS.md, Time range of a session). Activities returned with an
// ErrPartialRead error have Partial set.
// Records belong to the session whose range [start, start + max(elapsed,
// timer)] holds them, ±2 s. UTCOffset is activity.local_timestamp −
// activity.timestamp rounded to 15 minutes (OffsetSource "file"); an offset
// beyond ±14 h, or none, leaves OffsetSource empty for Read to fill.
//
// An activity file without any session gives one activity derived from its
// records (Session 0, with a warning): start at the first record, elapsed to
// the last, distance from the last record or the fixes, moving time from
// activity.total_timer_time, sport from the sport or lap message, else
// cycling when the file logs gear changes, else the untyped-track rule of
// METRICS.md. With fewer than two timed records it is ErrNoActivity.
//
// A device clock that jumps inside a session is taken out of the samples,
// which stay in time order and within the session, with a warning: a jump is
// a step back of more than 2 s between records, or a step forward of more
// than 10 minutes that leaves every session (more than a day in a file
// without sessions). A single record out of line with its neighbours is
// dropped instead. Sample.Resumed marks the first sample after a
// timer stop event.
//
// Each sequence's file CRC is checked (the FIT SDK's way: over header and
// data), because the decoder runs with its own check off: v0.28.3 rejects
// valid 14-byte headers whose header CRC is 0.
//
// Errors are *DecodeError values with Format "fit", Offset the byte where
// decoding stopped and MessageNum the 1-based message there, when known. When a
// file is damaged after some sessions could be read — a truncated file, a
// chained file whose later part has a bad CRC or cannot be decoded — the
// activities read before the damage are returned together with a
// *DecodeError wrapping ErrPartialRead ("partial read: kept 1 activity read
// before: …"); the sequence whose CRC is bad contributes nothing. The caller
// keeps the activities and reports the file. A damaged file with nothing to
// recover returns only the error, as does a single sequence with a bad CRC.
// A recording that was never finalized (header data_size 0, no file CRC: the
// watch stopped mid-activity) is read as far as the file goes, and its
// activities come with an ErrPartialRead error that says so.
// A non-activity file that is also damaged is still only skipped. Bytes
// after the last sequence that start no FIT header are ignored with a
// warning. A panic inside the decoder becomes a *DecodeError too.
//
// Times below 0x10000000 are device system time (seconds since power-on). A
// timestamp_correlation message turns them into UTC. Failing that, the
// activity message's local_timestamp turns them into local time: Start is
// then the local wall-clock time written as UTC, UTCOffset is 0 with
// OffsetSource "file", and a warning says so, so that LocalDate is right.
// Without either reference the file is skipped (ErrNoActivity): it cannot
// be placed in a week.
func DecodeFIT(r io.Reader, source string) ([]Activity, error) {
	var data []byte
	var err error
	if l, ok := r.(interface{ Len() int }); ok { // bytes.Reader, bytes.Buffer…: one allocation
		data = make([]byte, l.Len())
		_, err = io.ReadFull(r, data)
	} else {
		data, err = io.ReadAll(r)
	}
	if err != nil {
		return nil, &DecodeError{Path: source, Format: "fit", Err: fmt.Errorf("read: %w", err)}
	}
	return decodeFITBytes(data, source)
}

// decodeFITBytes is DecodeFIT of a file already in memory, which it
// neither changes nor keeps.
func decodeFITBytes(data []byte, source string) ([]Activity, error) {
	if acts, ok := decodeFITRaw(data, source); ok { // the fast path, for clean files (fitraw.go)
		return acts, nil
	}
	return guard(FormatFIT, source, func() ([]Activity, error) { return decodeFIT(data, source) })
}

// fitHeader is the part of a FIT file header that frames a sequence.
type fitHeader struct {
	size     int // 12 or 14
	dataSize int // bytes of messages after the header
}

// parseFITHeader checks the header at the start of b.
func parseFITHeader(b []byte) (fitHeader, error) {
	if len(b) < 12 {
		return fitHeader{}, fmt.Errorf("truncated file header (%d bytes)", len(b))
	}
	h := fitHeader{size: int(b[0]), dataSize: int(binary.LittleEndian.Uint32(b[4:8]))}
	switch {
	case h.size != 12 && h.size != 14:
		return h, fmt.Errorf("not a FIT file: header size %d", h.size)
	case len(b) < h.size:
		return h, fmt.Errorf("truncated file header (%d bytes)", len(b))
	case string(b[8:12]) != ".FIT":
		return h, errors.New(`not a FIT file: no ".FIT" signature`)
	case h.dataSize == 0:
		return h, errors.New("header data size is 0 (a recording that was never finalized)")
	}
	return h, nil
}

// bytePos finds the "[byte pos: N]" muktihari/fit puts in its errors.
var bytePos = regexp.MustCompile(`byte pos: (\d+)`)

func decodeFIT(data []byte, source string) ([]Activity, error) {
	fail := func(offset int, index int, e error) *DecodeError {
		return &DecodeError{Path: source, Format: "fit", Offset: int64(offset), MessageNum: index, Err: e}
	}
	if len(data) == 0 {
		return nil, fail(0, 0, errors.New("empty file"))
	}

	// A recording that was never finalized (the watch stopped mid-run) has
	// data_size 0 in its header and no file CRC: its messages are read as
	// far as the file goes, and the result is a stated partial read.
	unfinalized := false
	if h, herr := parseFITHeader(data); herr != nil && h.dataSize == 0 && (h.size == 12 || h.size == 14) &&
		len(data) > h.size+2 && string(data[8:12]) == ".FIT" {
		data = slices.Clone(data)
		binary.LittleEndian.PutUint32(data[4:8], uint32(len(data)-h.size-2))
		unfinalized = true
	}

	st := newFITState()
	st.pointsHint = len(data) / 20 // a record takes 20 bytes or more
	dec := decoder.New(bytes.NewReader(data),
		decoder.WithMesgListener(st),
		decoder.WithBroadcastOnly(),
		decoder.WithIgnoreChecksum(),
		decoder.WithNoComponentExpansion())

	var (
		failure      *DecodeError
		failedInSkip bool                  // the failure came while skipping a non-activity sequence
		skipType     = typedef.FileInvalid // first non-activity type seen
		sawActivity  bool
		trailing     int // bytes after the last sequence that start no FIT header
		// typelessEmpty: a sequence without a known file type held no
		// session or timed record.
		typelessEmpty bool
	)
	// libErr turns a muktihari/fit error into a DecodeError.
	libErr := func(seq int, e error) *DecodeError {
		offset := 0
		if m := bytePos.FindStringSubmatch(e.Error()); m != nil {
			offset, _ = strconv.Atoi(m[1])
		}
		cause := e
		if inner := errors.Unwrap(e); inner != nil {
			cause = inner // drop the library's "decode message [byte pos: N]" prefix
		}
		if errors.Is(cause, io.EOF) || errors.Is(cause, io.ErrUnexpectedEOF) {
			cause = fmt.Errorf("truncated: %w", io.ErrUnexpectedEOF)
		}
		if seq > 0 {
			cause = fmt.Errorf("sequence %d: %w", seq+1, cause)
		}
		return fail(offset, st.msgs+1, cause)
	}

	pos := 0
	for seq := 0; pos < len(data); seq++ {
		hdr, herr := parseFITHeader(data[pos:])
		if herr != nil {
			if seq > 0 {
				trailing = len(data) - pos
				break
			}
			failure = fail(pos, 0, herr)
			break
		}
		if !dec.Next() {
			break // cannot happen: the header above is complete
		}
		end := pos + hdr.size + hdr.dataSize // where the file CRC is
		mark := st.beginSequence()

		_, perr := dec.PeekFileId()
		switch {
		case perr == nil:
		case errors.Is(perr, decoder.ErrPeekNoFileId) && seq > 0:
			// A sequence without file_id continues the one before it.
		case errors.Is(perr, decoder.ErrPeekNoFileId):
			st.rollback(mark)
			failure = fail(pos, 0, errors.New("no file_id message"))
		default:
			st.rollback(mark)
			failure = libErr(seq, perr)
		}
		if failure != nil {
			break
		}

		typeless := untypedFile(st.seqType)
		if st.seqType != typedef.FileActivity && !typeless {
			st.rollback(mark)
			if skipType == typedef.FileInvalid {
				skipType = st.seqType
			}
			if derr := dec.Discard(); derr != nil {
				failure, failedInSkip = libErr(seq, derr), true
				break
			}
			pos = end + 2
			continue
		}

		if end+2 <= len(data) && !(unfinalized && seq == 0) {
			stored := binary.LittleEndian.Uint16(data[end:])
			if got := fitCRC16(data[pos:end]); got != stored {
				st.rollback(mark)
				cause := fmt.Errorf("%w (stored 0x%04x, computed 0x%04x)", errBadCRC, stored, got)
				if seq > 0 {
					cause = fmt.Errorf("sequence %d: %w", seq+1, cause)
				}
				failure = fail(end, 0, cause)
				break
			}
		}
		if _, derr := dec.Decode(); derr != nil {
			// Keep what the sequence gave before the failure: the bytes
			// up to here were read as written (truncation, a missing
			// definition), and the caller gets the error as well.
			sawActivity = sawActivity || !typeless || st.holdsActivity(mark)
			failure = libErr(seq, derr)
			break
		}
		pos = end + 2
		if typeless {
			// METRICS.md: a file_id without a type, or with one the
			// profile does not know, is an activity file when it holds
			// a session or timed records.
			if !st.holdsActivity(mark) {
				st.rollback(mark)
				typelessEmpty = true
				continue
			}
			st.typeless = append(st.typeless, st.seqType)
		}
		sawActivity = true
	}

	acts, reason := st.build(source)
	warnTrailing(acts, trailing)
	if unfinalized && len(acts) > 0 {
		markPartial(acts)
		cause := errors.New("header data size is 0 (a recording that was never finalized)")
		if failure != nil {
			cause = fmt.Errorf("%w; it ends with: %w", cause, failure.Err)
		}
		return acts, fail(0, 0, fmt.Errorf("%w: read %d %s as far as the file goes: %w", ErrPartialRead, len(acts),
			fitPlural(len(acts), "activity", "activities"), cause))
	}
	if unfinalized && failure == nil {
		failure = fail(0, 0, errors.New("header data size is 0 (a recording that was never finalized)"))
	}
	switch {
	case failure != nil && len(acts) > 0:
		markPartial(acts)
		failure.Err = fmt.Errorf("%w: kept %d %s read before: %w", ErrPartialRead, len(acts),
			fitPlural(len(acts), "activity", "activities"), failure.Err)
		return acts, failure
	case failure != nil && failedInSkip && !sawActivity:
		return nil, fail(0, 0, fitNoActivity(skipReason(skipType)))
	case failure != nil:
		return nil, failure
	case len(acts) == 0 && !sawActivity && skipType != typedef.FileInvalid:
		return nil, fail(0, 0, fitNoActivity(skipReason(skipType)))
	case len(acts) == 0 && !sawActivity && typelessEmpty:
		return nil, fail(0, 0, fitNoActivity("file type not given or unknown, and no session or timed record"))
	case len(acts) == 0:
		return nil, fail(0, 0, fitNoActivity(reason))
	}
	return acts, nil
}

// warnTrailing warns on each activity of the trailing bytes after the last
// FIT sequence that start no FIT header, if any.
func warnTrailing(acts []Activity, trailing int) {
	if trailing <= 0 {
		return
	}
	w := fmt.Sprintf("%d bytes after the last FIT sequence ignored", trailing)
	for i := range acts {
		acts[i].Warnings = append(acts[i].Warnings, w)
	}
}

// markPartial marks activities returned with an ErrPartialRead error.
func markPartial(acts []Activity) {
	for i := range acts {
		acts[i].Partial = true
	}
}

// untypedFile reports whether t, a file_id type, says nothing the profile
// knows: no type at all, or a number the profile does not name.
func untypedFile(t typedef.File) bool {
	return t == typedef.FileInvalid || !profileName(t.String())
}

// skipReason says why a file of type t is skipped.
func skipReason(t typedef.File) string {
	name := t.String()
	if !profileName(name) {
		name = "type " + strconv.Itoa(int(t))
	}
	return name + " file, not an activity"
}

// fitNoActivity is the cause of a DecodeError for a FIT file that holds no
// activity; its text is the reason shown to the user.
type fitNoActivity string

func (e fitNoActivity) Error() string { return string(e) }
func (e fitNoActivity) Unwrap() error { return ErrNoActivity }
