import { Body, Controller, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsEmail, IsIP, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Request } from 'express';
import { RequireRole } from '../core/auth/auth.decorators';
import { SignupsService } from './signups.service';

class SignupDto {
  @ApiProperty() @IsEmail({ allow_utf8_local_part: false }) @MaxLength(254) email!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) external_id?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) first_name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) last_name?: string;
  @ApiProperty({ example: "J'accepte de recevoir la lettre d'information de Maison Atlas par e-mail." })
  @IsString()
  @MaxLength(4000)
  wording!: string;
  @ApiPropertyOptional({ example: 'site web, pied de page' }) @IsOptional() @IsString() @MaxLength(200) source?: string;
  @ApiPropertyOptional({ description: 'the visitor’s IP, when the website forwards the request' })
  @IsOptional()
  @IsIP()
  ip?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) user_agent?: string;
}

@ApiTags('consent')
@ApiBearerAuth()
@Controller('api/v1/signups')
export class SignupsController {
  constructor(private readonly signups: SignupsService) {}

  /** An e-mail sign-up from the company's website: consent is granted only when the person confirms. */
  @Post()
  @RequireRole('marketer')
  async create(@Body() body: SignupDto, @Req() request: Request) {
    this.signups.assertConfigured();
    return this.signups.request({
      ...body,
      ip: body.ip ?? request.ip,
      user_agent: body.user_agent ?? request.get('user-agent'),
    });
  }
}
