-- CreateIndex
CREATE INDEX "users_staff_idx" ON "users"("name", "email") WHERE (role IN ('staff', 'admin'));
