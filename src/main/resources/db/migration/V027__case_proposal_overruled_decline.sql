-- Two seats of the owning office answered one proposal at once and the decline reached the city first: the adoption
-- still stands, since the adopting seat had already corrected the case (decision 0017). Who declined and why is
-- kept beside the adoption, so the seat whose answer was overruled sees what became of it.
alter table case_proposal add column overruled_by varchar(100);
alter table case_proposal add column overruled_note varchar(500);
