// These tests share one real PostgreSQL primary, standby and Redis, and some of them pause or stop
// the standby: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
