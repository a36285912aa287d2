-- wrk script for a paced load: each connection waits 2 ms after every answer before its next
-- request (16 connections: about 6,500 requests/s here), well under what the machine can
-- answer, so the latency measured is connect-doctor's and not the queue of a saturated CPU.
function delay()
  return 2
end
