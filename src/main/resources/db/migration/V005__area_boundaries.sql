-- Areas get boundaries of their own (district, town and community outlines imported from GeoJSON, or the
-- union of their grids), stored like a grid's: WKT in the coordinate system named by crs, with its box.
alter table admin_area add column boundary_wkt clob;
alter table admin_area add column crs varchar(8) default 'WGS84' not null;
alter table admin_area add column min_lon double precision;
alter table admin_area add column min_lat double precision;
alter table admin_area add column max_lon double precision;
alter table admin_area add column max_lat double precision;
alter table admin_area add constraint admin_area_crs check (crs in ('WGS84', 'GCJ02'));
